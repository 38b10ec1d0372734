"""
What a learner sees of a course: the outline of their pinned version with
completion ticks, progress, and where to go next. Built in a fixed number of
queries whatever the size of the course.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Site

from lms.cohorts.services import touch
from lms.courses.models import CourseVersionEntry
from lms.courses.versions import current_entries, latest_version
from lms.progress.models import LessonProgress
from lms.progress.signals import lesson_completed


@dataclass
class OutlineLesson:
    page_id: int
    title: str
    url: str | None
    minutes: int
    required: bool
    completed: bool = False
    current: bool = False
    revision_id: int | None = None


@dataclass
class OutlineModule:
    page_id: int
    title: str
    lessons: list = field(default_factory=list)

    @property
    def completed_count(self):
        return sum(1 for lesson in self.lessons if lesson.completed)


@dataclass
class Progress:
    completed: int
    total: int
    minutes_left: int

    @property
    def percent(self):
        return round(100 * self.completed / self.total) if self.total else 0

    @property
    def is_complete(self):
        return self.total > 0 and self.completed >= self.total


@dataclass
class Outline:
    modules: list
    lessons: list

    def progress(self):
        required = [lesson for lesson in self.lessons if lesson.required]
        return Progress(
            completed=sum(1 for lesson in required if lesson.completed),
            total=len(required),
            minutes_left=sum(lesson.minutes for lesson in self.lessons if not lesson.completed),
        )

    def position(self, page_id):
        for index, lesson in enumerate(self.lessons):
            if lesson.page_id == page_id:
                return index
        return None

    def neighbours(self, page_id):
        """The previous and next lessons that can be opened, across module boundaries."""
        index = self.position(page_id)
        if index is None:
            return None, None
        previous = next((x for x in reversed(self.lessons[:index]) if x.url), None)
        following = next((x for x in self.lessons[index + 1 :] if x.url), None)
        return previous, following

    def next_to_study(self):
        """The first required lesson not yet completed (else the first lesson)."""
        for lesson in self.lessons:
            if lesson.url and not lesson.completed and lesson.required:
                return lesson
        return next((lesson for lesson in self.lessons if lesson.url), None)

    def contains(self, page_id):
        return self.position(page_id) is not None


def _site_relative(url_path, root_paths):
    for root in root_paths:
        if url_path.startswith(root.root_path):
            return "/" + url_path[len(root.root_path) :]
    return None


def build_outline(entries, *, completed_ids=(), current_page_id=None, page_state=None):
    """
    entries: CourseVersionEntry rows (saved or not) in reading order.
    page_state: {page_id: (url_path, live)} for the pages as they are now; a
    lesson whose page no longer exists has no URL.
    """
    modules, lessons = [], []
    completed_ids = set(completed_ids)
    # Read once per outline: every read goes to the cache backend, which is
    # a query per call with the database cache (the embedded default).
    root_paths = Site.get_site_root_paths()
    for entry in entries:
        url_path = entry.url_path
        if page_state is not None:
            state = page_state.get(entry.page_id)
            url_path = state[0] if state else None
        url = _site_relative(url_path, root_paths) if url_path else None
        if entry.kind == CourseVersionEntry.Kind.MODULE:
            modules.append(OutlineModule(page_id=entry.page_id, title=entry.title))
            continue
        lesson = OutlineLesson(
            page_id=entry.page_id,
            title=entry.title,
            url=url,
            minutes=entry.estimated_minutes,
            required=entry.required,
            completed=entry.page_id in completed_ids,
            current=entry.page_id == current_page_id,
            revision_id=entry.revision_id,
        )
        lessons.append(lesson)
        if modules:
            modules[-1].lessons.append(lesson)
    return Outline(modules=modules, lessons=lessons)


class EntryRow(NamedTuple):
    kind: str
    page_id: int | None
    revision_id: int | None
    title: str
    url_path: str
    estimated_minutes: int
    required: bool


def version_entries(version):
    """
    A version's entries with the current URL and live state of their pages,
    in one query, as plain tuples (an outline can hold hundreds of rows).
    """
    state, rows = {}, []
    for *fields, page_url_path, page_live in (
        CourseVersionEntry.objects.filter(version=version)
        .order_by("position")
        .values_list(
            "kind",
            "page_id",
            "revision_id",
            "title",
            "url_path",
            "estimated_minutes",
            "required",
            "page__url_path",
            "page__live",
        )
    ):
        row = EntryRow(*fields)
        rows.append(row)
        if row.page_id and page_url_path is not None:
            state[row.page_id] = (page_url_path, page_live)
    return rows, state


def completed_lesson_ids(learner, course):
    return set(
        LessonProgress.objects.filter(
            learner=learner, course=course, completed_at__isnull=False
        ).values_list("lesson_id", flat=True)
    )


def outline_for(course, *, learner=None, enrollment=None, current_page_id=None):
    """The outline a person sees: their pinned version, else the course as it is now."""
    version = enrollment.version if enrollment is not None and enrollment.version_id else None
    if version is None:
        version = latest_version(course) if enrollment is not None else None
    if version is not None:
        entries, state = version_entries(version)
    else:
        entries, state = current_entries(course), None
    completed = (
        completed_lesson_ids(learner, course)
        if learner is not None and learner.is_authenticated
        else ()
    )
    return build_outline(
        entries, completed_ids=completed, current_page_id=current_page_id, page_state=state
    )


# A learner re-opening the lesson they opened less than this long ago writes
# nothing: the first/last-view times and "continue where you left off" stay
# right to within this interval, and a reload or a back-and-forth costs no
# database write. (Reading time is counted by the page's pings, not by views.)
VISIT_WRITE_INTERVAL = timedelta(seconds=60)


def note_visit(*, enrollment, lesson, course, now=None):
    """
    Record that the enrolment's learner opened lesson: its progress row's view
    times and the enrolment's last lesson and activity. Returns False when
    nothing needed writing (the same lesson, opened within VISIT_WRITE_INTERVAL).
    """
    now = now or timezone.now()
    if (
        enrollment.last_lesson_id == lesson.pk
        and enrollment.last_activity_at is not None
        and timedelta(0) <= now - enrollment.last_activity_at < VISIT_WRITE_INTERVAL
    ):
        return False
    record_view(learner=enrollment.learner_id, lesson=lesson, course=course, now=now)
    touch(enrollment, lesson, now=now)
    return True


def record_view(*, learner, lesson, course, now=None):
    """Note that learner (a user or a user id) opened lesson (first and last view)."""
    now = now or timezone.now()
    updated = LessonProgress.objects.filter(learner=learner, lesson=lesson).update(
        last_viewed_at=now
    )
    if not updated:
        try:
            with transaction.atomic():
                LessonProgress.objects.create(
                    learner_id=getattr(learner, "pk", learner),
                    lesson=lesson,
                    course=course,
                    first_viewed_at=now,
                    last_viewed_at=now,
                )
        except IntegrityError:
            pass  # a parallel request recorded it first


def complete_lesson(*, learner, lesson, course, enrollment=None):
    """
    Mark a lesson complete. Idempotent: a second call changes nothing and
    returns False. Sends lesson_completed the first time.
    """
    now = timezone.now()
    with transaction.atomic():
        progress, _created = LessonProgress.objects.get_or_create(
            learner=learner, lesson=lesson, defaults={"course": course, "first_viewed_at": now}
        )
        changed = LessonProgress.objects.filter(pk=progress.pk, completed_at__isnull=True).update(
            completed_at=now, last_viewed_at=now
        )
    if changed:
        progress.completed_at = now
        lesson_completed.send(sender=LessonProgress, progress=progress, enrollment=enrollment)
    return bool(changed)


MAX_PING_SECONDS = 60


def add_time(*, learner, lesson, seconds):
    """Add reading time reported by the page (capped per ping so a stuck tab cannot inflate it)."""
    from django.db.models import F

    seconds = max(0, min(int(seconds), MAX_PING_SECONDS))
    return LessonProgress.objects.filter(learner=learner, lesson=lesson).update(
        time_spent_seconds=F("time_spent_seconds") + seconds
    )


def progress_for_enrollments(learner, enrollments):
    """
    {enrollment id: Progress} for many enrolments in three queries: the
    versions' lesson entries, and the learner's completed lessons. An
    enrolment not started yet is measured against its course's newest version.
    """
    from django.db.models import Max

    from lms.courses.models import CourseVersion

    enrollments = list(enrollments)
    unstarted_courses = {e.course_id for e in enrollments if not e.version_id}
    newest = {}
    if unstarted_courses:
        numbers = (
            CourseVersion.objects.filter(course_id__in=unstarted_courses)
            .values("course_id")
            .annotate(number=Max("number"))
        )
        lookup = {(row["course_id"], row["number"]) for row in numbers}
        for version in CourseVersion.objects.filter(course_id__in=unstarted_courses).only(
            "id", "course_id", "number"
        ):
            if (version.course_id, version.number) in lookup:
                newest[version.course_id] = version.pk
    version_of = {e.pk: e.version_id or newest.get(e.course_id) for e in enrollments}
    lessons = {}
    for version_id, page_id, minutes, required in CourseVersionEntry.objects.filter(
        version_id__in={v for v in version_of.values() if v}, kind=CourseVersionEntry.Kind.LESSON
    ).values_list("version_id", "page_id", "estimated_minutes", "required"):
        lessons.setdefault(version_id, []).append((page_id, minutes, required))
    done = set(
        LessonProgress.objects.filter(
            learner=learner,
            course_id__in={e.course_id for e in enrollments},
            completed_at__isnull=False,
        ).values_list("lesson_id", flat=True)
    )
    result = {}
    for enrollment in enrollments:
        rows = lessons.get(version_of[enrollment.pk], [])
        required = [page_id for page_id, _m, is_required in rows if is_required]
        result[enrollment.pk] = Progress(
            completed=sum(1 for page_id in required if page_id in done),
            total=len(required),
            minutes_left=sum(minutes for page_id, minutes, _r in rows if page_id not in done),
        )
    return result
