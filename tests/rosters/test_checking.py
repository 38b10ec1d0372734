"""The dry run: what each row would do, and every reason a row is rejected."""

import datetime

import pytest

from lms.accounts.models import User
from lms.cohorts.models import Enrollment, EnrollmentStatus
from lms.rosters.models import ImportStatus, RowOutcome
from tests.factories import OrganisationFactory, UserFactory
from tests.rosters.conftest import enrol, lectern_csv, rows_by_line

pytestmark = pytest.mark.django_db


def test_the_dry_run_classifies_every_row_and_writes_nobody(
    upload, cohort, other_cohort, existing_learner, organisation
):
    settled = UserFactory(email="settled@example.com")
    enrol(settled, cohort)
    elsewhere = UserFactory(email="elsewhere@example.com")
    enrol(elsewhere, other_cohort)
    people_before = User.objects.count()

    roster_import = upload(
        lectern_csv(
            "new@example.com,Nia,New,northwind,Sales,Rep,E-1,2026-09-30",
            "existing@example.com,Eve,Existing,,,,,",
            "settled@example.com,Sam,Settled,,,,,",
            "elsewhere@example.com,El,Sewhere,,,,,",
            "not-an-address,No,Body,,,,,",
        )
    )

    assert roster_import.status == ImportStatus.CHECKED
    rows = rows_by_line(roster_import)
    assert rows[2].outcome == RowOutcome.NEW_LEARNER
    assert rows[2].organisation == organisation
    assert rows[2].due_date == datetime.date(2026, 9, 30)
    assert (rows[2].department, rows[2].job_title, rows[2].employee_id) == ("Sales", "Rep", "E-1")
    assert rows[3].outcome == RowOutcome.NEW_ENROLMENT
    assert rows[3].learner == existing_learner
    assert rows[4].outcome == RowOutcome.ALREADY_ENROLLED
    assert rows[4].message == "Already enrolled in this cohort."
    assert rows[5].outcome == RowOutcome.ALREADY_ENROLLED
    assert rows[5].message == "Already enrolled in this course through cohort COH-002."
    assert rows[6].outcome == RowOutcome.REJECTED
    assert (roster_import.rows_total, roster_import.rows_new_learner) == (5, 1)
    assert (roster_import.rows_new_enrolment, roster_import.rows_already_enrolled) == (1, 2)
    assert (roster_import.rows_rejected, roster_import.new_enrolments) == (1, 2)
    assert roster_import.existing_learners == 3
    # A dry run: nobody created, nobody enrolled.
    assert User.objects.count() == people_before
    assert not Enrollment.objects.filter(learner__email="new@example.com").exists()
    assert Enrollment.objects.filter(learner=existing_learner).count() == 0


def test_missing_email_is_rejected(upload):
    row = rows_by_line(upload(lectern_csv(",Ana,Ng,,,,,")))[2]
    assert row.outcome == RowOutcome.REJECTED
    assert (row.field, row.message) == ("email", "Missing e-mail address: every row needs one.")


@pytest.mark.parametrize("address", ["ana.example.com", "ana@", "ana @example.com", "@example.com"])
def test_invalid_email_is_rejected(upload, address):
    row = rows_by_line(upload(lectern_csv(f'"{address}",Ana,Ng,,,,,')))[2]
    assert row.outcome == RowOutcome.REJECTED
    assert row.field == "email"
    assert row.message == f"Invalid e-mail address “{address}”."


def test_unknown_organisation_is_rejected(upload, organisation):
    row = rows_by_line(upload(lectern_csv("ana@example.com,Ana,Ng,Eastwind Ltd,,,,")))[2]
    assert row.outcome == RowOutcome.REJECTED
    assert row.field == "organisation"
    assert row.message.startswith("Unknown organisation “Eastwind Ltd”")


def test_organisation_is_found_by_slug_or_by_name_in_any_case(upload, organisation):
    rows = rows_by_line(
        upload(
            lectern_csv(
                "a@example.com,A,A,northwind,,,,",
                "b@example.com,B,B,NORTHWIND,,,,",
                "c@example.com,C,C,Northwind,,,,",
            )
        )
    )
    assert {row.organisation_id for row in rows.values()} == {organisation.pk}


def test_an_inactive_organisation_is_rejected(upload):
    OrganisationFactory(name="Old Client", slug="old-client", is_active=False)
    row = rows_by_line(upload(lectern_csv("ana@example.com,Ana,Ng,old-client,,,,")))[2]
    assert (row.field, row.message) == ("organisation", "Inactive organisation “old-client”.")


def test_a_corporate_cohorts_learners_belong_to_its_client_by_default(upload, cohort, organisation):
    cohort.organisation = organisation
    cohort.save()
    row = rows_by_line(upload(lectern_csv("ana@example.com,Ana,Ng,,,,,")))[2]
    assert row.organisation == organisation


@pytest.mark.parametrize(
    "value", ["31/12/2026", "2026-13-01", "2026-02-30", "20260101", "tomorrow"]
)
def test_bad_due_date_is_rejected(upload, value):
    row = rows_by_line(upload(lectern_csv(f"ana@example.com,Ana,Ng,,,,,{value}")))[2]
    assert row.outcome == RowOutcome.REJECTED
    assert row.field == "due_date"
    assert row.message == (
        f"Bad due date “{value}”: write dates as YYYY-MM-DD, for example 2026-09-30."
    )


def test_several_problems_on_one_row_are_all_reported(upload):
    row = rows_by_line(upload(lectern_csv("ana@,Ana,Ng,nowhere,,,,someday")))[2]
    assert row.field == "email, organisation, due_date"
    assert row.message.startswith("Invalid e-mail address “ana@”. Unknown organisation “nowhere”")
    assert "Bad due date “someday”" in row.message


def test_a_name_that_is_too_long_is_rejected(upload):
    row = rows_by_line(upload(lectern_csv(f"ana@example.com,{'A' * 151},Ng,,,,,")))[2]
    assert row.field == "first_name"
    assert row.message == "Too long: first_name has 151 characters; at most 150 fit."


def test_every_later_duplicate_is_rejected_with_the_line_of_the_first(upload):
    roster_import = upload(
        lectern_csv(
            "ana@example.com,Ana,Ng,,,,,",
            "bo@example.com,Bo,Li,,,,,",
            " ANA@Example.com ,Ana,Again,,,,,",
            "ana@example.com,Ana,Thrice,,,,,",
        )
    )
    rows = rows_by_line(roster_import)
    assert rows[2].outcome == RowOutcome.NEW_LEARNER
    assert rows[3].outcome == RowOutcome.NEW_LEARNER
    for line in (4, 5):
        assert rows[line].outcome == RowOutcome.REJECTED
        assert rows[line].field == "email"
        assert rows[line].message == (
            "Duplicate of line 2: ana@example.com appears more than once in this file."
        )


def test_duplicates_are_found_across_chunks(upload, monkeypatch):
    monkeypatch.setattr("lms.rosters.checks.CHUNK_SIZE", 2)
    roster_import = upload(
        lectern_csv(*(f"p{n}@example.com,P,{n},,,,," for n in range(5)), "p1@example.com,P,1,,,,,")
    )
    row = rows_by_line(roster_import)[7]
    assert row.message.startswith("Duplicate of line 3:")
    assert roster_import.rows_rejected == 1


def test_people_are_matched_by_email_whatever_its_case_spaces_or_unicode_form(upload):
    # The address is stored NFC-normalised (ë as one code point); the file
    # has it decomposed (e + combining diaeresis), in capitals, with spaces.
    person = UserFactory(email="ana@zoë.example")
    row = rows_by_line(upload(lectern_csv("  ANA@ZOE\u0308.EXAMPLE ,Ana,Ng,,,,,")))[2]
    assert row.outcome == RowOutcome.NEW_ENROLMENT
    assert row.learner == person
    assert row.email == "ana@zoë.example"


def test_already_enrolled_is_reported_not_rejected(upload, cohort, existing_learner):
    enrol(existing_learner, cohort)
    roster_import = upload(lectern_csv("existing@example.com,Eve,Existing,,,,,"))
    row = rows_by_line(roster_import)[2]
    assert row.outcome == RowOutcome.ALREADY_ENROLLED
    assert roster_import.rows_rejected == 0


def test_a_withdrawn_enrolment_does_not_count_as_enrolled(upload, cohort, existing_learner):
    enrol(existing_learner, cohort, status=EnrollmentStatus.WITHDRAWN)
    row = rows_by_line(upload(lectern_csv("existing@example.com,Eve,Existing,,,,,")))[2]
    assert row.outcome == RowOutcome.NEW_ENROLMENT


def test_rows_beyond_the_cohorts_capacity_are_rejected_as_cohort_full(upload, cohort):
    cohort.capacity = 3
    cohort.save()
    enrol(UserFactory(), cohort)
    already = UserFactory(email="already@example.com")
    enrol(already, cohort)
    roster_import = upload(
        lectern_csv(
            "a@example.com,A,A,,,,,",
            "already@example.com,Al,Ready,,,,,",
            "b@example.com,B,B,,,,,",
            "c@example.com,C,C,,,,,",
        )
    )
    rows = rows_by_line(roster_import)
    assert rows[2].outcome == RowOutcome.NEW_LEARNER
    # Already enrolled people hold their place already; they take no new one.
    assert rows[3].outcome == RowOutcome.ALREADY_ENROLLED
    for line in (4, 5):
        assert rows[line].outcome == RowOutcome.REJECTED
        assert rows[line].message == (
            "Cohort full: COH-001 has 3 places and none is left for this row."
        )
    assert roster_import.rows_rejected == 2


def test_a_deactivated_person_is_rejected(upload):
    UserFactory(email="gone@example.com", is_active=False)  # had a password: was active once
    row = rows_by_line(upload(lectern_csv("gone@example.com,Gone,Away,,,,,")))[2]
    assert row.outcome == RowOutcome.REJECTED
    assert row.field == "email"
    assert row.message.startswith("Deactivated account: gone@example.com belongs to a person")


def test_a_person_who_logged_in_once_and_was_deactivated_is_rejected(upload):
    person = UserFactory(email="gone@example.com", is_active=False)
    person.set_unusable_password()
    person.last_login = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    person.save()
    row = rows_by_line(upload(lectern_csv("gone@example.com,Gone,Away,,,,,")))[2]
    assert row.message.startswith("Deactivated account")


def test_an_invited_person_who_has_not_activated_yet_can_be_enrolled(upload):
    invitee = UserFactory(email="invited@example.com", is_active=False)
    invitee.set_unusable_password()
    invitee.save()
    row = rows_by_line(upload(lectern_csv("invited@example.com,In,Vited,,,,,")))[2]
    assert row.outcome == RowOutcome.NEW_ENROLMENT
    assert row.learner == invitee


def test_a_closed_cohort_takes_no_roster(upload, cohort):
    from lms.rosters.exceptions import RosterError

    cohort.status = "closed"
    cohort.save()
    with pytest.raises(RosterError, match="Cohort COH-001 is closed"):
        upload(lectern_csv("ana@example.com,Ana,Ng,,,,,"))
