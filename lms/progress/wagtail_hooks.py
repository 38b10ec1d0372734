from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from lms.cohorts.models import Cohort
from lms.courses.models import CoursePage, LessonPage, ModulePage
from lms.progress.models import LessonProgress
from lms.progress.serving import serve_course, serve_lesson


# Wagtail 8 checks page view restrictions (passwords, login, groups) in an
# on_serve_page wrapper registered with order 0; order=100 places this one
# inside it, so restrictions still apply to course and lesson pages. (A
# before_serve_page hook would run before the check and bypass it.)
@hooks.register("on_serve_page", order=100)
def serve_learning_pages(next_serve_page):
    def serve(page, request, serve_args, serve_kwargs):
        if not getattr(request, "is_preview", False):
            if isinstance(page, LessonPage):
                return serve_lesson(page, request)
            if isinstance(page, CoursePage):
                return serve_course(page, request)
        return next_serve_page(page, request, serve_args, serve_kwargs)

    return serve


def _learner_history(page):
    """Why a page must not be deleted, or None."""
    specific_class = page.specific_class
    if specific_class not in (CoursePage, ModulePage, LessonPage):
        return None
    lessons = LessonPage.objects.descendant_of(page, inclusive=True)
    people = LessonProgress.objects.filter(lesson__in=lessons).values("learner").distinct().count()
    if people:
        return _(
            "“%(title)s” cannot be deleted: %(count)d learner(s) have progress on it. "
            "Unpublish it, or set the course's status to archived or retired, instead."
        ) % {"title": page.title, "count": people}
    if specific_class is CoursePage and Cohort.objects.filter(course_id=page.pk).exists():
        return _(
            "“%(title)s” cannot be deleted: it has cohorts. Archive or retire the course instead."
        ) % {"title": page.title}
    return None


@hooks.register("before_delete_page")
def refuse_deleting_pages_with_learner_history(request, page):
    reason = _learner_history(page)
    if reason:
        messages.error(request, reason)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None
