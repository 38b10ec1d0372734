"""Keep course versions in step with publishing, unpublishing, moves and deletions."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from lms.courses.models import CoursePage, LessonPage, ModulePage
from lms.courses.versions import course_for_page, record_version

COURSE_TREE = (CoursePage, ModulePage, LessonPage)


def _schedule(page, user=None):
    # In the publishing transaction itself: a version exists as soon as the
    # publish is visible, and a failure rolls the publish back with it.
    course = course_for_page(page)
    if course is not None and course.live:
        record_version(course, by=user)


@receiver(page_published)
def version_on_publish(sender, instance, revision=None, **kwargs):
    if isinstance(instance, COURSE_TREE):
        _schedule(instance, getattr(revision, "user", None))


@receiver(page_unpublished)
def version_on_unpublish(sender, instance, **kwargs):
    if isinstance(instance, COURSE_TREE):
        _schedule(instance)


@receiver(post_page_move)
def version_on_move(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    # A lesson moved between courses changes both of them.
    for parent in (parent_page_before, parent_page_after):
        if parent is not None and isinstance(parent.specific_deferred, COURSE_TREE):
            _schedule(parent)


@receiver(post_delete)
def version_on_delete(sender, instance, **kwargs):
    if sender in (ModulePage, LessonPage):
        step = CoursePage.steplen
        ancestors = [instance.path[:i] for i in range(step, len(instance.path), step)]
        course = CoursePage.objects.filter(path__in=ancestors).first()
        if course is not None and course.live:
            # After commit: when a whole course is deleted its lessons go first.
            def later():
                if CoursePage.objects.filter(pk=course.pk, live=True).exists():
                    record_version(course)

            transaction.on_commit(later)


@receiver(post_save, dispatch_uid="lectern_document_conversion")
def convert_legacy_uploads(sender, instance, created, **kwargs):
    from wagtail.documents import get_document_model

    from lms.courses.conversion import request_conversion

    if created and sender is get_document_model() and not kwargs.get("raw"):
        request_conversion(instance)
