"""The three column formats: Lectern's template, Moodle's Upload users CSV, Canvas SIS."""

import pytest

from lms.rosters.models import ImportStatus, RosterFormat, RowOutcome
from lms.rosters.services import apply_roster
from tests.rosters.conftest import rows_by_line

pytestmark = pytest.mark.django_db


def test_lectern_template_with_every_column(upload, organisation):
    roster_import = upload(
        "email,first_name,last_name,organisation,department,job_title,employee_id,due_date\n"
        "ana@example.com,Ana,Ng,Northwind,Warehouse,Picker,NW-0042,2026-09-30\n"
    )
    assert roster_import.format == RosterFormat.LECTERN
    row = rows_by_line(roster_import)[2]
    assert (row.first_name, row.last_name, row.organisation) == ("Ana", "Ng", organisation)
    assert (row.department, row.job_title, row.employee_id) == ("Warehouse", "Picker", "NW-0042")


MOODLE = (
    "username,firstname,lastname,email,idnumber,department,course1,cohort1,role1,course2\n"
    "ana,Ana,Ng,ana@example.com,S-1,Sales,SL-1,COH-001,student,\n"
    "bo,Bo,Li,bo@example.com,S-2,,OTHER-9,,,\n"
    "cy,Cy,Ox,cy@example.com,,,sl-1,COH-999,,\n"
    "di,Di,Em,di@example.com,,,SL-1,,editingteacher,\n"
    "ed,Ed,Fo,ed@example.com,,,,,,SL-2\n"
)


def test_moodle_upload_users_columns_are_read_and_checked_against_the_cohort(upload):
    roster_import = upload(MOODLE, "moodle.csv")
    assert roster_import.format == RosterFormat.MOODLE
    rows = rows_by_line(roster_import)

    assert rows[2].outcome == RowOutcome.NEW_LEARNER
    assert (rows[2].first_name, rows[2].last_name) == ("Ana", "Ng")
    assert (rows[2].employee_id, rows[2].department) == ("S-1", "Sales")

    assert rows[3].outcome == RowOutcome.REJECTED
    assert rows[3].field == "course1"
    assert rows[3].message == (
        "Wrong course: course1 is “OTHER-9”, but cohort COH-001 runs course SL-1."
    )
    # Course codes compare whatever their case; the cohort column must fit too.
    assert rows[4].field == "cohort1"
    assert rows[4].message == (
        "Wrong cohort: cohort1 is “COH-999”, but this roster is for cohort COH-001."
    )
    assert rows[5].field == "role1"
    assert rows[5].message == "Role “editingteacher” in role1: only students are enrolled."
    assert rows[6].field == "course2"
    assert rows[6].message.startswith("Wrong course: course2 is “SL-2”")
    assert roster_import.rows_rejected == 4


def test_moodle_password_column_is_an_unknown_column(upload):
    roster_import = upload("username,firstname,lastname,email,password\nana,Ana,Ng,a@x.org,pw\n")
    assert roster_import.status == ImportStatus.REFUSED
    (problem,) = roster_import.rows.all()
    assert problem.field == "password"
    assert "the Moodle “Upload users” CSV knows username, firstname" in problem.message


CANVAS_USERS = (
    "user_id,login_id,first_name,last_name,full_name,sortable_name,short_name,email,status\n"
    'u1,ana@example.com,Ana,Ng,Ana Ng,"Ng, Ana",Ana,,active\n'
    'u2,bo,,,Bo Li,"Li, Bo",Bo,bo@example.com,active\n'
    "u3,cy,Cy,Ox,,,,cy@example.com,active\n"
    "u4,di,Di,Em,,,,di@example.com,active\n"
    "u5,ed,Ed,Fo,,,,ed@example.com,deleted\n"
)


def test_canvas_users_csv_alone_enrols_every_active_user(upload):
    roster_import = upload(CANVAS_USERS, "users.csv")
    assert roster_import.format == RosterFormat.CANVAS
    rows = rows_by_line(roster_import)
    # The address may only be in login_id.
    assert rows[2].email == "ana@example.com"
    assert rows[2].outcome == RowOutcome.NEW_LEARNER
    # Without first and last names, sortable_name ("Last, First") gives them.
    assert (rows[3].first_name, rows[3].last_name) == ("Bo", "Li")
    assert rows[6].outcome == RowOutcome.REJECTED
    assert (rows[6].field, rows[6].message) == (
        "status",
        "User status “deleted”: only active users are imported.",
    )
    assert roster_import.rows_new_learner == 4


CANVAS_ENROLLMENTS = (
    "course_id,user_id,role,section_id,status\n"
    "SL-1,u1,student,COH-001,active\n"
    "SL-1,u2,student,,active\n"
    "SL-1,u3,teacher,COH-001,active\n"
    "SL-1,u9,student,COH-001,active\n"
    "SL-1,u5,student,COH-001,active\n"
    "OTHER,u1,student,,active\n"
    "SL-1,u2,student,COH-002,completed\n"
)


def test_canvas_users_with_enrollments_enrols_only_active_student_rows(upload, coordinator):
    roster_import = upload(CANVAS_USERS, "users.csv", second=CANVAS_ENROLLMENTS)
    assert roster_import.format == RosterFormat.CANVAS_ENROLLMENTS
    assert roster_import.file_names == "users.csv, enrollments.csv"
    rows = {(row.file_name, row.line): row for row in roster_import.rows.all()}

    assert rows["enrollments.csv", 2].outcome == RowOutcome.NEW_LEARNER
    assert rows["enrollments.csv", 2].email == "ana@example.com"
    assert rows["enrollments.csv", 3].outcome == RowOutcome.NEW_LEARNER
    assert rows["enrollments.csv", 3].email == "bo@example.com"
    teacher = rows["enrollments.csv", 4]
    assert (teacher.outcome, teacher.field) == (RowOutcome.REJECTED, "role")
    assert teacher.message == "Role “teacher” in role: only students are enrolled."
    unknown = rows["enrollments.csv", 5]
    assert (unknown.field, unknown.message) == ("user_id", "user_id “u9” is not in users.csv.")
    assert rows["enrollments.csv", 6].message == (
        "User status “deleted”: only active users are imported."
    )
    wrong_course = rows["enrollments.csv", 7]
    assert wrong_course.field == "email, course_id"
    assert wrong_course.message.startswith("Duplicate of line 2: ana@example.com")
    assert "Wrong course: course_id is “OTHER”" in wrong_course.message
    wrong_section = rows["enrollments.csv", 8]
    assert wrong_section.field == "email, section_id, status"
    assert "Wrong cohort: section_id is “COH-002”" in wrong_section.message
    assert "Enrolment status “completed”: only active enrolments are imported." in (
        wrong_section.message
    )
    # u4 is in users.csv but no enrollments.csv row mentions them.
    forgotten = rows["users.csv", 5]
    assert forgotten.email == "di@example.com"
    assert forgotten.message == "No row in enrollments.csv enrols user_id “u4”."
    assert (roster_import.rows_new_learner, roster_import.rows_rejected) == (2, 6)

    apply_roster(roster_import=roster_import, by=coordinator)
    roster_import.refresh_from_db()
    assert roster_import.new_enrolments == 2


def test_enrollments_csv_uploaded_first_is_recognised(upload):
    roster_import = upload(
        CANVAS_ENROLLMENTS, "enrollments.csv", second=CANVAS_USERS, second_name="users.csv"
    )
    assert roster_import.format == RosterFormat.CANVAS_ENROLLMENTS
    assert roster_import.rows_new_learner == 2


def test_enrollments_csv_alone_is_refused(upload):
    roster_import = upload(CANVAS_ENROLLMENTS, "enrollments.csv")
    assert roster_import.status == ImportStatus.REFUSED
    assert "upload the users.csv they come from with it" in roster_import.error


def test_a_second_file_that_is_not_a_canvas_pair_is_refused(upload):
    roster_import = upload(
        "email\na@example.com\n", second="email\nb@example.com\n", second_name="more.csv"
    )
    assert roster_import.status == ImportStatus.REFUSED
    assert roster_import.error.startswith("A second file is only for Canvas SIS")


def test_the_northwind_sample_roster_has_exactly_its_two_bad_rows(upload, cohort):
    from pathlib import Path

    from django.conf import settings

    from tests.factories import OrganisationFactory, UserFactory

    OrganisationFactory(name="Northwind Logistics", slug="northwind")
    UserFactory(email="learner@northwind.example")
    sample = Path(settings.BASE_DIR, "fixtures", "rosters", "northwind-sample.csv").read_bytes()
    roster_import = upload(sample, "northwind-sample.csv")
    assert roster_import.rows_total == 13
    assert (roster_import.rows_new_learner, roster_import.rows_new_enrolment) == (10, 1)
    rejected = {row.line: (row.field, row.message) for row in roster_import.rows.rejected()}
    assert rejected == {
        13: ("email", "Invalid e-mail address “kerry.walsh(at)northwind.example”."),
        14: (
            "due_date",
            "Bad due date “15/12/2026”: write dates as YYYY-MM-DD, for example 2026-09-30.",
        ),
    }
