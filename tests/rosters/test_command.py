"""python manage.py import_roster: the same service from the command line."""

import io

import pytest
from django.core.management import CommandError, call_command

from lms.accounts.models import User
from lms.cohorts.models import Enrollment
from lms.rosters.models import ImportStatus, RosterImport
from tests.rosters.conftest import enrol, lectern_csv

pytestmark = pytest.mark.django_db

GOOD = lectern_csv("ana@example.com,Ana,Ng,,,,,", "bo@example.com,Bo,Li,,,,2026-09-30")
MIXED = lectern_csv(
    "ana@example.com,Ana,Ng,,,,,", "bo@,Bo,Li,,,,,", "cy@example.com,Cy,Ox,,,,,31/12"
)


@pytest.fixture
def write(tmp_path):
    def _write(content, name="roster.csv"):
        path = tmp_path / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return str(path)

    return _write


def run(*args):
    out = io.StringIO()
    try:
        call_command("import_roster", *args, stdout=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)
    return 0, out.getvalue(), ""


def test_an_accepted_file_is_applied_and_exits_0(write, cohort):
    code, out, _error = run(write(GOOD), "--cohort", "coh-001")
    assert code == 0
    assert "rows: 2, new learners: 2, existing learners: 0, new enrolments: 2" in out
    assert "Applied roster.csv for COH-001" in out
    assert Enrollment.objects.filter(cohort=cohort).count() == 2
    roster_import = RosterImport.objects.get()
    assert roster_import.status == ImportStatus.APPLIED
    assert roster_import.uploaded_by is None


def test_dry_run_writes_nothing_and_exits_0(write, cohort):
    code, out, _error = run(write(GOOD), "--cohort", "COH-001", "--dry-run")
    assert code == 0
    assert "Dry run: nothing was written." in out
    assert not User.objects.filter(email="ana@example.com").exists()
    assert RosterImport.objects.get().status == ImportStatus.CHECKED


def test_rejected_rows_are_printed_and_exit_1_while_the_rest_is_written(write, cohort):
    code, out, error = run(write(MIXED), "--cohort", "COH-001")
    assert code == 1
    assert "Rejected:" in out
    assert "  line 3, email: Invalid e-mail address “bo@”." in out
    assert "  line 4, due_date: Bad due date “31/12”" in out
    assert error == "2 row(s) rejected; the other rows were written."
    assert list(Enrollment.objects.values_list("learner__email", flat=True)) == ["ana@example.com"]


def test_dry_run_with_rejected_rows_exits_1(write, cohort):
    code, _out, error = run(write(MIXED), "--cohort", "COH-001", "--dry-run")
    assert code == 1
    assert error == "2 row(s) rejected."
    assert not Enrollment.objects.exists()


def test_a_refused_file_exits_2(write, cohort):
    code, out, error = run(write(GOOD.encode("utf-16")), "--cohort", "COH-001")
    assert code == 2
    assert "line 1: The file is UTF-16, not UTF-8." in out
    assert error == "The file was refused; nothing was written."


def test_every_row_rejected_exits_2(write, cohort):
    code, _out, error = run(write(lectern_csv("x@,X,X,,,,,")), "--cohort", "COH-001")
    assert code == 2
    assert error == "Every row was rejected; nothing was written."


def test_an_unknown_cohort_exits_2(write):
    code, _out, error = run(write(GOOD), "--cohort", "NOPE")
    assert code == 2
    assert error == "There is no cohort with the code NOPE."


def test_already_enrolled_rows_are_not_failures(write, cohort, existing_learner):
    enrol(existing_learner, cohort)
    code, out, _error = run(
        write(lectern_csv("existing@example.com,E,E,,,,,")), "--cohort", "COH-001"
    )
    assert code == 0
    assert "already enrolled: 1, rejected: 0" in out


def test_canvas_pair_from_the_command_line(write, cohort):
    users = write("user_id,login_id,email\nu1,ana,ana@example.com\n", "users.csv")
    enrolments = write("course_id,user_id,role\nSL-1,u1,student\n", "enrollments.csv")
    code, out, _error = run(users, enrolments, "--cohort", "COH-001", "--by", "nobody@example.com")
    assert code == 2  # --by names nobody
    code, out, _error = run(users, enrolments, "--cohort", "COH-001")
    assert code == 0
    assert "Canvas SIS users.csv with enrollments.csv" in out
    assert Enrollment.objects.get().learner.email == "ana@example.com"


def test_the_importer_can_be_named(write, cohort, coordinator):
    code, _out, _error = run(write(GOOD), "--cohort", "COH-001", "--by", coordinator.email)
    assert code == 0
    assert RosterImport.objects.get().applied_by == coordinator
