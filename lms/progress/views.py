from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.cohorts.exceptions import EnrollmentError
from lms.cohorts.services import request_place, self_enroll
from lms.courses.models import CoursePage, LessonPage
from lms.progress import access
from lms.progress.learning import add_time, complete_lesson, outline_for
from lms.progress.serving import lesson_enrollment_or_404


@login_required
@require_POST
def enrol(request, course_id):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        self_enroll(course=course, learner=request.user)
    except EnrollmentError as exc:
        messages.error(request, str(exc))
        return redirect(course.url)
    messages.success(
        request, _("You are enrolled in %(course)s. Welcome!") % {"course": course.title}
    )
    return redirect("progress:resume", course_id=course.pk)


@login_required
@require_POST
def request_a_place(request, course_id):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        request_place(course=course, learner=request.user, message=request.POST.get("message", ""))
    except EnrollmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Your request for a place on %(course)s was sent to the training coordinators.")
            % {"course": course.title},
        )
    return redirect(course.url)


@login_required
def resume(request, course_id):
    """Continue where the learner left off: their last lesson, else the next one to study."""
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    enrollment = access.reading_enrollment(request.user, course)
    if enrollment is None:
        raise Http404
    outline = outline_for(course, learner=request.user, enrollment=enrollment)
    target = None
    if enrollment.last_lesson_id and outline.contains(enrollment.last_lesson_id):
        target = outline.lessons[outline.position(enrollment.last_lesson_id)]
        if target.completed:
            _prev, after = outline.neighbours(target.page_id)
            target = after or target
    target = target if target and target.url else outline.next_to_study()
    if target is None:
        messages.info(request, _("This course has no lessons yet."))
        return redirect(course.url)
    return redirect(target.url)


@login_required
@require_POST
def complete(request, lesson_id):
    """Mark a lesson complete (idempotent) and go on to the next lesson."""
    lesson = get_object_or_404(LessonPage, pk=lesson_id)
    course, enrollment = lesson_enrollment_or_404(request.user, lesson)
    outline = outline_for(course, learner=request.user, enrollment=enrollment)
    if not outline.contains(lesson.pk):
        raise Http404
    complete_lesson(learner=request.user, lesson=lesson, course=course, enrollment=enrollment)
    _prev, following = outline.neighbours(lesson.pk)
    if following is not None and request.POST.get("next") != "stay":
        return redirect(following.url)
    messages.success(request, _("Lesson complete."))
    return redirect(outline.lessons[outline.position(lesson.pk)].url or course.url)


@login_required
@require_POST
def ping(request, lesson_id):
    """Reading time reported by the lesson page while it is visible."""
    lesson = get_object_or_404(LessonPage, pk=lesson_id)
    lesson_enrollment_or_404(request.user, lesson)
    try:
        seconds = int(request.POST.get("seconds", "0"))
    except ValueError:
        seconds = 0
    updated = add_time(learner=request.user, lesson=lesson, seconds=seconds)
    return JsonResponse({"recorded": bool(updated)})
