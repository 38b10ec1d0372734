"""manage.py import_questions and export_questions: output and exit status."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lms.assessments.models import Question
from tests.factories.assessments import QuestionBankFactory

pytestmark = pytest.mark.django_db

GOOD = """\
// Chemistry, week 1
::Water::Water is H<sub>2</sub>O.{T}

::Acid::Which is an acid?{=HCl ~NaOH ~NaCl}

::pH::pH of pure water at 25 °C?{#7:0.1}
"""
BAD = GOOD + "\n::Broken::Which gas?{=O2 ~N2\n\n::Loose::{=%50%x}\n"


@pytest.fixture
def bank(db):
    return QuestionBankFactory(name="Chemistry 101")


@pytest.fixture
def gift_file(tmp_path):
    def write(text, name="questions.gift.txt", encoding="utf-8"):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return str(path)

    return write


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_a_line_per_question_and_writes_them(bank, gift_file):
    out, err = run("import_questions", gift_file(GOOD), "--bank", "chemistry 101")

    assert out.splitlines() == [
        "line 2: true_false “Water” — correct: True",
        "line 4: single “Acid” — correct: HCl",
        "line 6: numerical “pH” — correct: 6.9..7.1",
        "Imported 3 question(s) into “Chemistry 101” (0 new categories); 0 left out.",
    ]
    assert err == ""
    assert Question.objects.filter(bank=bank).count() == 3


def test_dry_run_prints_the_preview_and_writes_nothing(bank, gift_file):
    out, _err = run("import_questions", gift_file(GOOD), "--bank", "Chemistry 101", "--dry-run")

    assert out.splitlines()[-1] == (
        "Dry run: 3 question(s) would be imported, 0 left out; nothing was written."
    )
    assert not Question.objects.exists()


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_errors_are_listed_with_their_lines_and_fail_the_command(bank, gift_file, dry_run):
    path = gift_file(BAD)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as failure:
        call_command(
            "import_questions", path, "--bank", "Chemistry 101", *dry_run, stdout=out, stderr=err
        )

    assert err.getvalue().splitlines() == [
        "line 8: missing closing '}'",
        "line 10: the question text is empty",
    ]
    assert "line 6: numerical “pH”" in out.getvalue()
    assert str(failure.value) == (
        "2 question(s) cannot be imported; nothing was written. Correct them, "
        "or run again with --only-valid to import the 3 valid question(s)."
    )
    assert failure.value.returncode == 1
    assert not Question.objects.exists()


def test_only_valid_imports_the_good_questions_despite_errors(bank, gift_file):
    out, err = run("import_questions", gift_file(BAD), "--bank", "Chemistry 101", "--only-valid")

    assert "Imported 3 question(s)" in out
    assert "2 left out" in out
    assert "line 8: missing closing '}'" in err
    assert Question.objects.filter(bank=bank).count() == 3


def test_an_unknown_bank_is_named_and_no_other_bank_is_listed(bank, gift_file):
    QuestionBankFactory(name="Secret bank")

    with pytest.raises(CommandError) as failure:
        run("import_questions", gift_file(GOOD), "--bank", "Physics")

    assert str(failure.value) == "There is no question bank named “Physics”."


def test_a_file_that_is_not_utf8_is_refused(bank, gift_file):
    path = gift_file("Café?{=oui ~non}", encoding="latin-1")

    with pytest.raises(CommandError, match="is not UTF-8"):
        run("import_questions", path, "--bank", "Chemistry 101")


def test_a_missing_file_is_refused(bank, tmp_path):
    with pytest.raises(CommandError, match="is not a file"):
        run("import_questions", str(tmp_path / "nope.txt"), "--bank", "Chemistry 101")


def test_export_writes_to_the_screen_or_to_a_file(bank, gift_file, tmp_path):
    run("import_questions", gift_file(GOOD), "--bank", "Chemistry 101")

    out, _err = run("export_questions", "--bank", "Chemistry 101")
    target = tmp_path / "out.gift.txt"
    run("export_questions", "--bank", "Chemistry 101", "-o", str(target))

    assert "::Acid::[html]<p>Which is an acid?</p>{\n\t=HCl\n\t~NaOH\n\t~NaCl\n}" in out
    assert target.read_text(encoding="utf-8") == out
    copy = QuestionBankFactory(name="Copy")
    run("import_questions", str(target), "--bank", "Copy")
    assert Question.objects.filter(bank=copy).count() == 3
