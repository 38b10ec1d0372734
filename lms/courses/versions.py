"""
Course versions. Publishing anything in a course's tree records what the
course then is (its live modules and lessons with their live revisions); a
version is recorded only when that set actually changed.
"""

from django.db import transaction

from lms.courses.models import (
    CourseFigures,
    CoursePage,
    CourseVersion,
    CourseVersionEntry,
    LessonPage,
    ModulePage,
)


def course_for_page(page):
    """The course a course, module or lesson page belongs to, or None."""
    specific_class = page.specific_class
    if specific_class is CoursePage:
        return CoursePage.objects.filter(pk=page.pk).first()
    if specific_class in (ModulePage, LessonPage):
        return CoursePage.objects.ancestor_of(page).first()
    return None


def current_entries(course):
    """The course's live structure as unsaved CourseVersionEntry rows, in reading order."""
    modules = list(
        ModulePage.objects.child_of(course)
        .live()
        .order_by("path")
        .values("pk", "path", "title", "url_path", "live_revision_id")
    )
    lessons = list(
        LessonPage.objects.descendant_of(course)
        .live()
        .order_by("path")
        .values(
            "pk",
            "path",
            "title",
            "url_path",
            "live_revision_id",
            "estimated_minutes",
            "required_for_completion",
        )
    )
    steplen = CoursePage.steplen
    lessons_by_module = {}
    for lesson in lessons:
        lessons_by_module.setdefault(lesson["path"][:-steplen], []).append(lesson)
    entries = []
    for module in modules:
        entries.append(
            CourseVersionEntry(
                kind=CourseVersionEntry.Kind.MODULE,
                page_id=module["pk"],
                revision_id=module["live_revision_id"],
                title=module["title"],
                url_path=module["url_path"],
            )
        )
        for lesson in lessons_by_module.get(module["path"], []):
            entries.append(
                CourseVersionEntry(
                    kind=CourseVersionEntry.Kind.LESSON,
                    page_id=lesson["pk"],
                    revision_id=lesson["live_revision_id"],
                    module_page_id=module["pk"],
                    title=lesson["title"],
                    url_path=lesson["url_path"],
                    estimated_minutes=lesson["estimated_minutes"],
                    required=lesson["required_for_completion"],
                )
            )
    for position, entry in enumerate(entries):
        entry.position = position
    return entries


def _signature(entries):
    return [(e.kind, e.page_id, e.revision_id, e.url_path, e.required) for e in entries]


def latest_version(course):
    return CourseVersion.objects.filter(course=course).order_by("-number").first()


def record_version(course, *, by=None):
    """
    Record a new version of course if its live structure changed since the
    latest one. Returns (version, created). Safe under concurrent publishes:
    the course row is locked while the number is chosen.
    """
    with transaction.atomic():
        course = CoursePage.objects.select_for_update().get(pk=course.pk)
        entries = current_entries(course)
        lessons = [e for e in entries if e.kind == CourseVersionEntry.Kind.LESSON]
        CourseFigures.objects.update_or_create(
            course=course,
            defaults={
                "lesson_count": len(lessons),
                "lesson_minutes": sum(e.estimated_minutes for e in lessons),
            },
        )
        latest = latest_version(course)
        # The course page's own fields (title, summary…) are always shown as
        # they are now; a version changes when its modules or lessons do.
        unchanged = latest is not None and _signature(latest.entries.all()) == _signature(entries)
        if unchanged:
            return latest, False
        version = CourseVersion.objects.create(
            course=course,
            number=(latest.number + 1) if latest else 1,
            course_revision_id=course.live_revision_id,
            created_by=by if by is not None and by.is_authenticated else None,
        )
        for entry in entries:
            entry.version = version
        CourseVersionEntry.objects.bulk_create(entries)
    return version, True
