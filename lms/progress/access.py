"""
Who may read a course's lessons. One place for the rule, used by lesson
serving, the course overview and site search.
"""

from lms.accounts.roles import Role
from lms.cohorts.models import Cohort, Enrollment
from lms.courses.models import CourseStatus

# Roles that see every course and lesson (authors preview, staff support).
ALL_COURSES_ROLES = (Role.COORDINATOR, Role.SUPPORT, Role.ADMINISTRATOR, Role.AUTHOR)


def sees_all_courses(user):
    return user.is_authenticated and (user.is_superuser or user.has_any_role(*ALL_COURSES_ROLES))


def teaches(user, course):
    return (
        user.is_authenticated
        and user.has_role(Role.INSTRUCTOR)
        and Cohort.objects.filter(course=course, instructors=user).exists()
    )


def reading_enrollment(user, course):
    """The learner's enrolment that lets them read the course, newest first."""
    if not user.is_authenticated:
        return None
    return (
        Enrollment.objects.reading()
        .filter(learner=user, course=course)
        .select_related("version", "cohort")
        .order_by("-enrolled_at")
        .first()
    )


def lesson_reading_enrollment(user, lesson):
    """
    reading_enrollment() for the course a lesson belongs to, found from the
    lesson's tree path (a lesson sits under a module under its course) with
    the course itself joined in: enrollment.course needs no query of its own.
    """
    if not user.is_authenticated:
        return None
    course_path = lesson.path[: (lesson.depth - 2) * lesson.steplen]
    return (
        Enrollment.objects.reading()
        .filter(learner=user, course__path=course_path)
        .select_related("version", "course")
        .order_by("-enrolled_at")
        .first()
    )


def can_see_overview(user, course, enrollment=None):
    """Active courses are public; others only to the people who took or run them."""
    if course.status == CourseStatus.ACTIVE:
        return True
    if sees_all_courses(user) or enrollment is not None:
        return True
    if user.is_authenticated and Enrollment.objects.filter(learner=user, course=course).exists():
        return True
    return teaches(user, course)


def readable_course_ids(user):
    """Ids of the courses whose lessons user may read, or None meaning all of them."""
    if sees_all_courses(user):
        return None
    if not user.is_authenticated:
        return set()
    ids = set(Enrollment.objects.reading().filter(learner=user).values_list("course_id", flat=True))
    if user.has_role(Role.INSTRUCTOR):
        ids |= set(Cohort.objects.filter(instructors=user).values_list("course_id", flat=True))
    return ids
