"""Applying a checked roster: all or nothing, decided again against the database."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from lms.accounts.models import User
from lms.accounts.roles import Role
from lms.audit.models import AuditEvent
from lms.cohorts.models import Enrollment, EnrollmentSource, EnrollmentStatus
from lms.rosters import jobs
from lms.rosters.exceptions import ApplyRefused
from lms.rosters.models import ImportStatus, RowOutcome
from lms.rosters.services import apply_roster
from lms.rosters.writing import RosterWriter
from tests.factories import UserFactory
from tests.rosters.conftest import enrol, lectern_csv, rows_by_line

pytestmark = pytest.mark.django_db

ROSTER = lectern_csv(
    "nia@example.com,Nia,New,northwind,Sales,Rep,E-1,2026-09-30",
    "existing@example.com,Eve,Existing,,,,,",
    "bad-address,Bad,Row,,,,,",
)


def test_applying_creates_inactive_learners_and_import_enrolments(
    upload, coordinator, cohort, existing_learner, organisation, learner_group
):
    roster_import = apply_roster(roster_import=upload(ROSTER), by=coordinator)

    assert roster_import.status == ImportStatus.APPLIED
    assert roster_import.applied_by == coordinator
    assert roster_import.applied_at is not None
    nia = User.objects.get(email="nia@example.com")
    assert not nia.is_active
    assert not nia.has_usable_password()
    assert nia.invited_at is None
    assert (nia.first_name, nia.last_name, nia.organisation) == ("Nia", "New", organisation)
    assert (nia.department, nia.job_title, nia.employee_id) == ("Sales", "Rep", "E-1")
    assert list(nia.groups.all()) == [learner_group]

    enrolments = Enrollment.objects.filter(cohort=cohort).order_by("learner__email")
    assert [(e.learner.email, e.status, e.source) for e in enrolments] == [
        ("existing@example.com", EnrollmentStatus.ASSIGNED, EnrollmentSource.IMPORT),
        ("nia@example.com", EnrollmentStatus.ASSIGNED, EnrollmentSource.IMPORT),
    ]
    assert enrolments.get(learner=nia).due_date == datetime.date(2026, 9, 30)
    assert enrolments.get(learner=nia).enrolled_by == coordinator
    assert enrolments.get(learner=nia).course_id == cohort.course_id

    rows = rows_by_line(roster_import)
    assert rows[2].learner == nia
    assert rows[2].enrollment == enrolments.get(learner=nia)
    assert rows[3].enrollment.learner == existing_learner
    assert rows[4].outcome == RowOutcome.REJECTED
    assert rows[4].learner is None
    assert not User.objects.filter(email="bad-address").exists()
    assert (roster_import.new_enrolments, roster_import.rows_rejected) == (2, 1)

    event = AuditEvent.objects.get(action="roster.applied")
    assert event.actor == coordinator
    assert event.after["people_created"] == 1
    assert event.after["role_given"] == "Learner"
    assert event.after["enrolments_created"] == 2
    assert event.after["rejected"] == 1


def test_invitations_go_out_after_commit_only_when_asked(
    upload, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        apply_roster(roster_import=upload(ROSTER), by=coordinator)
    assert mail.outbox == []

    roster = lectern_csv("zed@example.com,Zed,Zulu,,,,,", "existing2@example.com,Ex,Two,,,,,")
    UserFactory(email="existing2@example.com")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        roster_import = apply_roster(
            roster_import=upload(roster), by=coordinator, send_invitations=True
        )
    assert mail.outbox == []  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()
    assert [message.to for message in mail.outbox] == [["zed@example.com"]]
    assert "/accounts/activate/" in mail.outbox[0].body
    assert roster_import.send_invitations
    assert User.objects.get(email="zed@example.com").invited_at is not None


def test_a_failure_midway_writes_nothing_at_all(upload, coordinator, cohort, monkeypatch):
    monkeypatch.setattr("lms.rosters.checks.CHUNK_SIZE", 2)
    roster_import = upload(lectern_csv(*(f"p{n}@example.com,P,{n},,,,," for n in range(5))))
    people_before = User.objects.count()
    real_write = RosterWriter.write
    chunks = []

    def write_then_fail(self, rows):
        chunks.append(len(rows))
        if len(chunks) == 2:
            raise RuntimeError("disk full")
        return real_write(self, rows)

    monkeypatch.setattr(RosterWriter, "write", write_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        apply_roster(roster_import=roster_import, by=coordinator)

    assert chunks == [2, 2]  # the first chunk was written before the failure
    assert User.objects.count() == people_before
    assert not Enrollment.objects.filter(cohort=cohort).exists()
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.CHECKED
    assert roster_import.applied_at is None
    assert not roster_import.rows.filter(learner__isnull=False).exists()
    assert not roster_import.rows.filter(enrollment__isnull=False).exists()
    assert not AuditEvent.objects.filter(action="roster.applied").exists()


def test_a_database_error_midway_writes_nothing_either(upload, coordinator, cohort, monkeypatch):
    """The second chunk breaks a database constraint (someone enrolled meanwhile)."""
    monkeypatch.setattr("lms.rosters.checks.CHUNK_SIZE", 2)
    roster_import = upload(lectern_csv(*(f"p{n}@example.com,P,{n},,,,," for n in range(4))))
    late = UserFactory(email="p3@example.com")
    # Hide p3's new enrolment from the writer's lookup, so the insert hits
    # the one-active-enrolment-per-course constraint.
    enrol(late, cohort)
    monkeypatch.setattr("lms.rosters.writing.active_enrolments", lambda *args: {})
    with pytest.raises(Exception, match=r"(?i)unique|constraint"):
        apply_roster(roster_import=roster_import, by=coordinator)
    assert not User.objects.filter(email__in=["p0@example.com", "p1@example.com"]).exists()
    assert Enrollment.objects.filter(cohort=cohort).count() == 1


def test_apply_decides_each_row_again_against_the_database(upload, coordinator, cohort):
    roster_import = upload(
        lectern_csv("a@example.com,A,A,,,,,", "b@example.com,B,B,,,,,", "c@example.com,C,C,,,,,")
    )
    assert roster_import.rows_new_learner == 3
    # Between the check and the apply: b joins and enrols, places shrink to 2.
    b = UserFactory(email="b@example.com")
    enrol(b, cohort)
    cohort.capacity = 2
    cohort.save()

    roster_import = apply_roster(roster_import=roster_import, by=coordinator)
    rows = rows_by_line(roster_import)
    assert rows[2].outcome == RowOutcome.NEW_LEARNER
    assert rows[3].outcome == RowOutcome.ALREADY_ENROLLED
    assert rows[3].learner == b
    assert rows[4].outcome == RowOutcome.REJECTED
    assert rows[4].message.startswith("Cohort full: COH-001 has 2 places")
    assert not User.objects.filter(email="c@example.com").exists()
    assert Enrollment.objects.filter(cohort=cohort).count() == 2


def test_applying_twice_is_refused(upload, coordinator):
    roster_import = apply_roster(roster_import=upload(ROSTER), by=coordinator)
    with pytest.raises(ApplyRefused, match="already applied"):
        apply_roster(roster_import=roster_import, by=coordinator)
    assert Enrollment.objects.count() == 1


def test_a_roster_with_nothing_to_write_cannot_be_applied(upload, coordinator, cohort):
    enrol(UserFactory(email="a@example.com"), cohort)
    roster_import = upload(lectern_csv("a@example.com,A,A,,,,,", "nope,B,B,,,,,"))
    assert not roster_import.can_apply
    with pytest.raises(ApplyRefused, match="Nothing to apply"):
        apply_roster(roster_import=roster_import, by=coordinator)


def test_a_refused_file_cannot_be_applied(upload, coordinator):
    roster_import = upload(b"")
    with pytest.raises(ApplyRefused, match="File refused"):
        apply_roster(roster_import=roster_import, by=coordinator)


def test_applying_needs_permission(upload, coordinator, instructor):
    roster_import = upload(ROSTER)
    with pytest.raises(PermissionDenied):
        apply_roster(roster_import=roster_import, by=instructor)
    assert not Enrollment.objects.exists()


def test_the_apply_job_puts_a_failed_import_back_to_checked_with_the_reason(
    upload, coordinator, monkeypatch
):
    roster_import = upload(ROSTER)
    roster_import.status = ImportStatus.APPLYING
    roster_import.save()
    monkeypatch.setattr(
        RosterWriter, "write", lambda self, rows: (_ for _ in ()).throw(RuntimeError("boom"))
    )
    with pytest.raises(RuntimeError):
        jobs.apply_roster_import(roster_import.pk, by_id=coordinator.pk)
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.CHECKED
    assert roster_import.error == (
        "Applying failed unexpectedly (the error was logged); nothing was written."
    )
    assert not Enrollment.objects.exists()
    # Running the job again does nothing: it only works on imports marked as applying.
    jobs.apply_roster_import(roster_import.pk, by_id=coordinator.pk)
    assert not Enrollment.objects.exists()


def test_new_learners_have_only_the_learner_role(upload, coordinator, organisation):
    apply_roster(roster_import=upload(ROSTER), by=coordinator)
    assert User.objects.get(email="nia@example.com").roles == [Role.LEARNER]
