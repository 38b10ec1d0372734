"""
The courses benchmark's data set: 300 published, active courses of 8 modules
by 6 lessons (14,400 lessons) under the catalogue, and 10,000 learners each
enrolled in two or three of them with lesson progress (about 375,000 rows).

Written with bulk inserts (bench/pagetree.py for the page tree and its
revisions), then each course's version is recorded with
lms.courses.versions.record_version and its default self-paced cohort made
with lms.cohorts.services.default_self_paced_cohort, as publishing and
self-enrolment would. Generation takes a minute or two; the result is
committed to the bench database and reused by later runs, detected by a
marker user whose address names the data set's version and size. Change
DATA_VERSION when the shape of the data changes; the next run then asks for a
fresh bench database instead of mixing two data sets.
"""

import logging
import random
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from bench import content
from bench.pagetree import add_children, insert_pages, next_child_position, place
from bench.pagetree import publish_revisions as publish
from lms.accounts.models import User
from lms.accounts.roles import Role
from lms.cohorts.models import Enrollment, EnrollmentSource, EnrollmentStatus
from lms.cohorts.services import default_self_paced_cohort
from lms.courses.models import (
    CourseIndexPage,
    CoursePage,
    CourseSkill,
    CourseStatus,
    CourseType,
    CourseVersion,
    Difficulty,
    EnrolmentMode,
    LessonPage,
    ModulePage,
    Skill,
)
from lms.courses.versions import record_version
from lms.progress.models import LessonProgress

logger = logging.getLogger(__name__)

DATA_VERSION = 1
COURSES = 300
MODULES = 8
LESSONS = 6
LEARNERS = 10_000
SEED = 3
CODE_PREFIX = "BN-"
EMAIL_DOMAIN = "bench.lectern.test"
MARKER_EMAIL = f"data-v{DATA_VERSION}-{COURSES}x{MODULES}x{LESSONS}-{LEARNERS}@{EMAIL_DOMAIN}"
# The measured learner is halfway through the first (most popular) course;
# the measured lesson is the next one they would open.
MEASURED_LESSON_INDEX = MODULES * LESSONS // 2

LANGUAGES = ["en"] * 8 + ["fr", "de"]


def course_code(index):
    return f"{CODE_PREFIX}{index + 1:04d}"


def learner_email(index):
    return f"learner{index + 1:05d}@{EMAIL_DOMAIN}"


@dataclass
class BuiltCourse:
    course: CoursePage
    modules: list
    lessons: list
    cohort: object = None
    version: CourseVersion = None


@dataclass
class Handles:
    """The rows the courses benchmark measures."""

    learner: User
    course: CoursePage
    lesson: LessonPage
    enrollments: int
    progress_rows: int


def dataset_present():
    return User.objects.filter(email=MARKER_EMAIL).exists()


def ensure_dataset(log=logger.warning):
    """Generate and commit the data set unless the bench database holds it. Returns seconds."""
    if dataset_present():
        return 0.0
    if CoursePage.objects.filter(code__startswith=CODE_PREFIX).exists():
        raise RuntimeError(
            "The bench database holds another version of the courses data set. Delete "
            "bench/.data/bench.sqlite3 (or drop the PostgreSQL bench database) and run again."
        )
    started = time.perf_counter()
    with transaction.atomic():
        generate(log=log)
        User.objects.create(email=MARKER_EMAIL, password="!", is_active=False)  # noqa: S106
    if connection.vendor == "postgresql":
        # PostgreSQL's autovacuum analyses freshly loaded tables soon after a
        # bulk load; do it now so the planner sees the rows. (Django runs
        # nothing like it on SQLite, so SQLite keeps planning without
        # statistics, as a deployment would.)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


def generate(log=logger.warning):
    rng = random.Random(SEED)
    when = timezone.now() - timedelta(days=200)
    catalogue = CourseIndexPage.objects.get()

    step = time.perf_counter()
    skills = create_skills()
    built = create_courses(
        catalogue, range(COURSES), modules=MODULES, lessons=LESSONS, rng=rng, skills=skills
    )
    log(
        "courses data: %d courses, %d lessons in %.1f s",
        len(built),
        sum(len(b.lessons) for b in built),
        time.perf_counter() - step,
    )

    step = time.perf_counter()
    learners = create_learners(LEARNERS, when=when)
    log("courses data: %d learners in %.1f s", len(learners), time.perf_counter() - step)

    step = time.perf_counter()
    plan = content.enrolment_plan(
        rng, learners=LEARNERS, courses=COURSES, lessons_per_course=MODULES * LESSONS
    )
    enrollments, progress = create_enrollments(plan, learners, built, rng=rng, when=when)
    log(
        "courses data: %d enrolments, %d lesson progress rows in %.1f s",
        enrollments,
        progress,
        time.perf_counter() - step,
    )


def create_skills():
    skills = [Skill(name=name, slug=slugify(name)) for name in content.SKILLS]
    existing = set(Skill.objects.filter(slug__in=[s.slug for s in skills]).values_list("slug"))
    Skill.objects.bulk_create([s for s in skills if (s.slug,) not in existing])
    return list(Skill.objects.filter(slug__in=[s.slug for s in skills]).order_by("pk"))


def build_course(catalogue, position, index, *, modules, lessons, rng, code=None, slug=None):
    """Unsaved, placed pages of one course: the course, its modules and its lessons."""
    title = content.course_title(index)
    course = place(
        CoursePage(
            title=title,
            slug=slug or f"{slugify(title)}-{index + 1}",
            code=code or course_code(index),
            summary=content.course_summary(rng, title)[:300],
            description=content.course_description(rng),
            outcomes=content.course_outcomes(rng),
            course_type=CourseType.values[index % len(CourseType.values)],
            difficulty=Difficulty.values[(index // 3) % len(Difficulty.values)],
            language=LANGUAGES[index % len(LANGUAGES)],
            # Most courses add up their lessons' estimates; some state their own.
            estimated_minutes=0 if index % 5 else 90 + 30 * (index % 7),
            status=CourseStatus.ACTIVE,
            enrolment_mode=EnrolmentMode.OPEN,
            recertification_months=[None, 12, 24][index % 3],
        ),
        parent=catalogue,
        position=position,
        numchild=modules,
    )
    module_pages, lesson_pages = [], []
    for m in range(modules):
        module = place(
            ModulePage(
                title=content.module_title(m),
                slug=f"part-{m + 1}",
                summary=content.paragraph(rng, 2)[3:-4],
            ),
            parent=course,
            position=m + 1,
            numchild=lessons,
        )
        module_pages.append(module)
        for n in range(lessons):
            title = content.lesson_title(m, n)
            lesson_pages.append(
                place(
                    LessonPage(
                        title=title,
                        slug=f"lesson-{m + 1}-{n + 1}",
                        body=lesson_body(content.lesson_rng(index, m * lessons + n), title),
                        estimated_minutes=content.lesson_minutes(rng),
                        required_for_completion=n != lessons - 1 or m % 3 != 2,
                    ),
                    parent=module,
                    position=n + 1,
                )
            )
    return BuiltCourse(course=course, modules=module_pages, lessons=lesson_pages)


def lesson_body(rng, title):
    """A lesson's StreamField data (raw JSON form): headings, rich text and callouts."""
    body = []
    for block in content.lesson_blocks(rng, title):
        if block.kind == "heading":
            value, block_type = {"text": block.text, "level": "h2"}, "heading"
        elif block.kind == "callout":
            value = {"kind": block.callout_kind, "title": block.title, "text": block.text}
            block_type = "callout"
        else:
            value, block_type = block.text, "rich_text"
        body.append({"type": block_type, "value": value, "id": str(uuid.uuid4())})
    return body


def create_courses(catalogue, indexes, *, modules, lessons, rng, skills, codes=None):
    """
    Build, insert and publish courses under the catalogue; record their first
    version and default self-paced cohort. codes maps an index to (code, slug)
    for courses outside the numbered series (the small course of run()).
    """
    codes = codes or {}
    first = next_child_position(catalogue)
    built = [
        build_course(
            catalogue,
            first + offset,
            index,
            modules=modules,
            lessons=lessons,
            rng=rng,
            code=codes.get(index, (None, None))[0],
            slug=codes.get(index, (None, None))[1],
        )
        for offset, index in enumerate(indexes)
    ]
    pages = [page for b in built for page in (b.course, *b.modules, *b.lessons)]
    insert_pages(pages)
    CourseSkill.objects.bulk_create(
        CourseSkill(content_object_id=b.course.pk, tag=skills[(i * 7 + k) % len(skills)])
        for i, b in enumerate(built)
        for k in range(3)
    )
    publish(pages)
    add_children(catalogue, len(built))
    for b in built:
        b.version, _created = record_version(b.course)
        b.cohort = default_self_paced_cohort(b.course)
    index_courses([b.course for b in built])
    return built


def index_courses(courses):
    """Add courses to the search index, as publishing would (the catalogue's ?q= uses it)."""
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    fresh = CoursePage.objects.filter(pk__in=[c.pk for c in courses])
    backend.add_bulk(CoursePage, list(fresh))


def create_learners(count, *, when):
    # One MD5 hash for everyone (bench settings): the figures are not about log-in.
    password = make_password("bench-password")
    users = User.objects.bulk_create(
        [
            User(
                email=learner_email(i),
                first_name=f"Learner{i + 1}",
                last_name="Bench",
                password=password,
                date_joined=when,
            )
            for i in range(count)
        ],
        batch_size=1000,
    )
    group = Group.objects.get(name=Role.LEARNER)
    through = User.groups.through
    through.objects.bulk_create(
        [through(user_id=user.pk, group_id=group.pk) for user in users], batch_size=2000
    )
    return users


def create_enrollments(plan, learners, built, *, rng, when, flush_every=20_000):
    """Enrolments and lesson progress from the plan, written in chunks. Returns the counts."""
    lesson_ids = [[lesson.pk for lesson in b.lessons] for b in built]
    enrollments, progress = [], []
    totals = [0, 0]

    def flush():
        Enrollment.objects.bulk_create(enrollments, batch_size=1000)
        LessonProgress.objects.bulk_create(progress, batch_size=2000)
        totals[0] += len(enrollments)
        totals[1] += len(progress)
        enrollments.clear()
        progress.clear()

    for learner_index, course_index, done, completed in plan:
        b = built[course_index]
        ids = lesson_ids[course_index]
        learner_id = learners[learner_index].pk
        enrolled_at = when + timedelta(days=rng.randint(0, 150), minutes=rng.randint(0, 1440))
        moment = enrolled_at + timedelta(minutes=5)
        for lesson_id in ids[:done]:
            moment += timedelta(minutes=rng.randint(3, 600))
            progress.append(
                LessonProgress(
                    learner_id=learner_id,
                    lesson_id=lesson_id,
                    course_id=b.course.pk,
                    first_viewed_at=moment,
                    last_viewed_at=moment + timedelta(minutes=10),
                    completed_at=moment + timedelta(minutes=12),
                    time_spent_seconds=rng.randint(60, 900),
                )
            )
        if not completed:
            # The lesson they are on: opened, not finished.
            moment += timedelta(minutes=rng.randint(3, 600))
            progress.append(
                LessonProgress(
                    learner_id=learner_id,
                    lesson_id=ids[done],
                    course_id=b.course.pk,
                    first_viewed_at=moment,
                    last_viewed_at=moment,
                    time_spent_seconds=rng.randint(0, 300),
                )
            )
        enrollments.append(
            Enrollment(
                learner_id=learner_id,
                cohort_id=b.cohort.pk,
                course_id=b.course.pk,
                version_id=b.version.pk,
                status=EnrollmentStatus.COMPLETED if completed else EnrollmentStatus.IN_PROGRESS,
                source=EnrollmentSource.SELF,
                enrolled_by_id=learner_id,
                enrolled_at=enrolled_at,
                started_at=enrolled_at + timedelta(minutes=5),
                completed_at=moment + timedelta(minutes=12) if completed else None,
                last_lesson_id=ids[min(done, len(ids) - 1)],
                last_activity_at=moment,
            )
        )
        if len(progress) >= flush_every:
            flush()
    flush()
    return totals[0], totals[1]


def handles():
    """The measured learner, course and lesson, from the committed data set."""
    course = CoursePage.objects.get(code=course_code(0))
    lesson = (
        LessonPage.objects.descendant_of(course)
        .live()
        .order_by("path")[MEASURED_LESSON_INDEX : MEASURED_LESSON_INDEX + 1]
        .get()
    )
    return Handles(
        learner=User.objects.get(email=learner_email(0)),
        course=course,
        lesson=lesson,
        enrollments=Enrollment.objects.filter(course__code__startswith=CODE_PREFIX).count(),
        progress_rows=LessonProgress.objects.count(),
    )
