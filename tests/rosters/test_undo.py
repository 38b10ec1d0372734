"""Undoing an applied import, and refusing to when it cannot."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lms.accounts.models import User
from lms.audit.models import AuditEvent
from lms.cohorts.models import Enrollment, EnrollmentStatus
from lms.progress.models import LessonProgress
from lms.rosters.exceptions import UndoRefused
from lms.rosters.models import ImportStatus
from lms.rosters.services import apply_roster, undo_roster_import
from tests.factories.cohorts import CohortFactory
from tests.factories.courses import CoursePageFactory, LessonPageFactory, ModulePageFactory
from tests.rosters.conftest import enrol, lectern_csv

pytestmark = pytest.mark.django_db

ROSTER = lectern_csv(
    "idle@example.com,Ida,Idle,,,,,",
    "busy@example.com,Bu,Sy,,,,,",
    "studious@example.com,Stu,Dious,,,,,",
    "elsewhere@example.com,El,Sewhere,,,,,",
    "existing@example.com,Eve,Existing,,,,,",
)


@pytest.fixture
def applied(upload, coordinator, existing_learner):
    return apply_roster(roster_import=upload(ROSTER), by=coordinator)


def test_undo_withdraws_the_enrolments_and_deactivates_idle_new_people(
    applied, coordinator, cohort, course, existing_learner
):
    # Since the import: busy activated and logged in, studious read a lesson,
    # elsewhere was enrolled in another cohort.
    busy = User.objects.get(email="busy@example.com")
    busy.is_active, busy.last_login = True, timezone.now()
    busy.set_password("Quiet-river-stones-88")
    busy.save()
    lesson = LessonPageFactory(parent=ModulePageFactory(parent=course))
    studious = User.objects.get(email="studious@example.com")
    LessonProgress.objects.create(learner=studious, lesson=lesson, course=course)
    elsewhere = User.objects.get(email="elsewhere@example.com")
    first_aid = CohortFactory(course=CoursePageFactory(code="FA-1"), code="FA-001")
    other = enrol(elsewhere, first_aid)
    idle = User.objects.get(email="idle@example.com")
    idle_password = idle.password

    roster_import = undo_roster_import(roster_import=applied, by=coordinator)

    assert roster_import.status == ImportStatus.UNDONE
    assert roster_import.undone_by == coordinator
    assert roster_import.undo_withdrawn == 5
    assert roster_import.undo_deactivated == 1
    assert roster_import.undo_kept_people == 3
    assert (
        not Enrollment.objects.filter(cohort=cohort)
        .exclude(status=EnrollmentStatus.WITHDRAWN)
        .exists()
    )
    idle.refresh_from_db()
    assert not idle.is_active
    assert not idle.has_usable_password()
    assert idle.password != idle_password  # its invitation link no longer works
    busy.refresh_from_db()
    assert busy.is_active
    assert busy.check_password("Quiet-river-stones-88")
    # People who existed before the import are never touched.
    existing_learner.refresh_from_db()
    assert existing_learner.is_active
    # The enrolment the import did not create stays as it was.
    other.refresh_from_db()
    assert other.status == EnrollmentStatus.ASSIGNED

    event = AuditEvent.objects.get(action="roster.undone")
    assert event.actor == coordinator
    assert event.after == {
        "cohort": "COH-001",
        "enrolments_withdrawn": 5,
        "enrolments_kept": 0,
        "people_deactivated": 1,
        "people_kept": 3,
    }


def test_undo_keeps_enrolments_that_were_completed_since(applied, coordinator, cohort):
    done = Enrollment.objects.get(cohort=cohort, learner__email="idle@example.com")
    done.status = EnrollmentStatus.COMPLETED
    done.save()
    roster_import = undo_roster_import(roster_import=applied, by=coordinator)
    assert roster_import.undo_withdrawn == 4
    done.refresh_from_db()
    assert done.status == EnrollmentStatus.COMPLETED


def test_undo_is_refused_once_undone(applied, coordinator, administrator):
    undo_roster_import(roster_import=applied, by=coordinator)
    with pytest.raises(UndoRefused, match=r"This import was already undone on .* by "):
        undo_roster_import(roster_import=applied, by=administrator)
    assert AuditEvent.objects.filter(action="roster.undone").count() == 1


def test_undo_is_refused_before_applying(upload, coordinator):
    roster_import = upload(ROSTER)
    with pytest.raises(UndoRefused) as refused:
        undo_roster_import(roster_import=roster_import, by=coordinator)
    assert str(refused.value) == (
        "Only an applied import can be undone; this one is “Checked, not applied”."
    )


def test_undo_needs_permission(applied, instructor):
    with pytest.raises(PermissionDenied):
        undo_roster_import(roster_import=applied, by=instructor)
    applied.refresh_from_db()
    assert applied.status == ImportStatus.APPLIED


def test_a_person_can_be_imported_again_after_an_undo(applied, upload, coordinator):
    undo_roster_import(roster_import=applied, by=coordinator)
    again = upload(lectern_csv("idle@example.com,Ida,Idle,,,,,"))
    (row,) = again.rows.all()
    assert row.outcome == "new_enrolment"
    assert row.learner.email == "idle@example.com"
