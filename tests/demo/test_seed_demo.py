import pytest
from django.core.management import call_command
from wagtail.models import Revision

from lms.accounts.models import User
from lms.cohorts.models import Enrollment, Session
from lms.courses.models import CoursePage, CourseType, CourseVersion
from lms.progress.models import LessonProgress
from lms.rosters.models import RosterImport

# serialized_rollback: transactional tests empty the database; this one needs the
# rows data migrations create (home page, catalogue, roles).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def counts():
    return {
        "people": User.objects.count(),
        "courses": CoursePage.objects.count(),
        "revisions": Revision.objects.count(),
        "versions": CourseVersion.objects.count(),
        "enrolments": Enrollment.objects.count(),
        "progress": LessonProgress.objects.count(),
        "sessions": Session.objects.count(),
        "imports": RosterImport.objects.count(),
    }


def test_the_demo_academy_is_complete_and_seeding_twice_changes_nothing(capsys):
    call_command("seed_demo")
    output = capsys.readouterr().out
    for email in ("admin@lectern.test", "coordinator@lectern.test", "learner@northwind.example"):
        assert email in output
    assert "Lectern-demo-2026" in output
    first = counts()
    types = set(CoursePage.objects.values_list("course_type", flat=True))
    assert {CourseType.COMPLIANCE, CourseType.TECHNICAL, CourseType.SOFT_SKILLS} <= types
    assert first["sessions"] > 0 and first["imports"] == 1 and first["progress"] > 0
    # A learner mid-course stays on version 1 of PY-201 while it has a version 2.
    assert CourseVersion.objects.filter(course__code="PY-201").count() >= 2

    call_command("seed_demo")
    assert counts() == first
