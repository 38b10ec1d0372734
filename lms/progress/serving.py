"""
Serving course overviews and lessons to people, through Wagtail's
on_serve_page hook: the course pages know nothing of enrolments, this
layer decides who sees what and adds the learner's outline and progress.
"""

from dataclasses import dataclass

from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse

from lms.cohorts.models import Cohort, EnrollmentRequest, EnrollmentStatus
from lms.cohorts.services import missing_prerequisites, start_enrollment
from lms.courses.models import CoursePage, CourseStatus, EnrolmentMode
from lms.progress import access
from lms.progress.learning import note_visit, outline_for


@dataclass
class CourseCall:
    """The call to action on a course overview, decided once for the template."""

    # login, enrol, request, requested, continue, start, assigned, closed, prerequisites, completed
    kind: str
    url: str = ""


def _call_to_action(request, course, enrollment, outline, missing):
    user = request.user
    if enrollment is not None:
        target = outline.next_to_study()
        if enrollment.status == EnrollmentStatus.COMPLETED:
            return CourseCall("completed", target.url if target else "")
        started = enrollment.status == EnrollmentStatus.IN_PROGRESS
        resume = reverse("progress:resume", args=[course.pk])
        return CourseCall("continue" if started else "start", resume)
    if not course.accepts_new_learners:
        return CourseCall("closed")
    if not user.is_authenticated:
        return CourseCall("login", f"{reverse('accounts:login')}?next={request.path}")
    if course.enrolment_mode == EnrolmentMode.ASSIGNED:
        return CourseCall("assigned")
    if missing:
        return CourseCall("prerequisites")
    if course.enrolment_mode == EnrolmentMode.REQUEST:
        pending = EnrollmentRequest.objects.filter(
            learner=user, course=course, status=EnrollmentRequest.Status.PENDING
        ).exists()
        return (
            CourseCall("requested")
            if pending
            else CourseCall("request", reverse("progress:request", args=[course.pk]))
        )
    return CourseCall("enrol", reverse("progress:enrol", args=[course.pk]))


def serve_course(page, request):
    user = request.user
    enrollment = access.reading_enrollment(user, page)
    if not access.can_see_overview(user, page, enrollment):
        raise Http404
    outline = outline_for(page, learner=user, enrollment=enrollment)
    missing = (
        missing_prerequisites(page, user) if user.is_authenticated and enrollment is None else []
    )
    context = page.get_context(request)
    context["learning"] = {
        "catalogue_url": _catalogue_url(page),
        "enrollment": enrollment,
        "outline": outline,
        "progress": outline.progress() if enrollment else None,
        "call": _call_to_action(request, page, enrollment, outline, missing),
        "missing_prerequisites": missing,
        "prerequisites": list(page.prerequisites.all().order_by("title")),
        "cohorts": list(
            Cohort.objects.for_course(page)
            .upcoming()
            .open_for_enrolment()
            .filter(is_default_self_paced=False)[:6]
        ),
        "total_minutes": sum(lesson.minutes for lesson in outline.lessons),
    }
    return TemplateResponse(request, page.get_template(request), context)


def _catalogue_url(course):
    """The catalogue's URL, from the course's own (no query for the parent page)."""
    url = course.url or ""
    return url[: url.rstrip("/").rfind("/") + 1] or "/"


def _access_denied(request, lesson, course):
    context = {"page": lesson, "course": course, "self": lesson}
    return TemplateResponse(request, "courses/lesson_no_access.html", context, status=403)


def serve_lesson(lesson, request):
    user = request.user
    enrollment = access.lesson_reading_enrollment(user, lesson)
    if enrollment is not None:
        course = enrollment.course
    else:
        course = CoursePage.objects.ancestor_of(lesson).first()
        if course is None:
            raise Http404
    staff = enrollment is None and (access.sees_all_courses(user) or access.teaches(user, course))

    if enrollment is None and not staff:
        if not lesson.live or course.status != CourseStatus.ACTIVE:
            raise Http404
        return _access_denied(request, lesson, course)

    if enrollment is not None:
        if enrollment.version_id is None or enrollment.status == EnrollmentStatus.ASSIGNED:
            enrollment = start_enrollment(enrollment)
        outline = outline_for(
            course, learner=user, enrollment=enrollment, current_page_id=lesson.pk
        )
        if not outline.contains(lesson.pk):
            # Not part of this learner's version (added later, or never published).
            raise Http404
        entry = outline.lessons[outline.position(lesson.pk)]
        shown = lesson
        if entry.revision_id and entry.revision_id != lesson.live_revision_id:
            # Render the lesson as it was in the learner's version.
            shown = lesson.revisions.get(pk=entry.revision_id).as_object()
        note_visit(enrollment=enrollment, lesson=lesson, course=course)
    else:
        if not lesson.live:
            raise Http404
        outline = outline_for(course, current_page_id=lesson.pk)
        shown = lesson

    previous, following = outline.neighbours(lesson.pk)
    module = next(
        (m for m in outline.modules if any(x.page_id == lesson.pk for x in m.lessons)), None
    )
    completed = any(x.completed for x in outline.lessons if x.page_id == lesson.pk)
    context = shown.get_context(request)
    context.update(
        {
            "page": shown,
            "self": shown,
            "course": course,
            "learning": {
                "catalogue_url": _catalogue_url(course),
                "enrollment": enrollment,
                "is_staff_view": staff,
                "outline": outline,
                "module": module,
                "progress": outline.progress(),
                "previous": previous,
                "next": following,
                "completed": completed,
                "complete_url": reverse("progress:complete", args=[lesson.pk])
                if enrollment
                else "",
                "ping_url": reverse("progress:ping", args=[lesson.pk]) if enrollment else "",
            },
        }
    )
    return TemplateResponse(request, lesson.get_template(request), context)


def lesson_enrollment_or_404(user, lesson):
    """For the lesson actions: the learner's enrolment covering this lesson."""
    course = CoursePage.objects.ancestor_of(lesson).first()
    enrollment = access.reading_enrollment(user, course) if course else None
    if enrollment is None:
        raise Http404
    return course, enrollment
