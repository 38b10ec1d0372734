"""Importing GIFT into a bank and exporting it: all or nothing, categories, audit, round trip."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from lms.accounts.roles import Role
from lms.assessments.gift import parse_gift
from lms.assessments.models import (
    Choice,
    MatchPair,
    MultipleScoring,
    Question,
    QuestionCategory,
    QuestionType,
    QuestionVersion,
)
from lms.assessments.services.gift import category_name, export_bank, import_questions
from lms.audit.models import AuditEvent
from tests.factories.accounts import UserFactory
from tests.factories.assessments import (
    QuestionBankFactory,
    QuestionCategoryFactory,
    make_question,
)

pytestmark = pytest.mark.django_db

VALID = """\
$CATEGORY: $course$/top/Geography

::Capital::What is the capital of France?{=Paris#Yes ~Lyon#No ~Nice}

::Primes::Pick the primes{~%50%2 ~%50%3 ~%-100%4}

::Sky::The sky is blue.{T}

$CATEGORY: $course$/top/Geography/Rivers

::Longest::Longest river in Africa?{=Nile =the Nile}

::Grant::When was Ulysses S. Grant born?{#=1822:0 =%50%1822:2 ~#No}

::Match::Match the capitals{=Canada -> Ottawa =Italy -> Rome =-> Madrid}

::Essay::[html]<p>Describe <b onclick="x()">a river</b>.<script>alert(1)</script></p>{}
"""

WITH_ERRORS = VALID + "\n::Bad number::Pi?{#abc}\n\nJust a description.\n"


@pytest.fixture
def author(db):
    return UserFactory(email="author@example.com", roles=[Role.AUTHOR])


@pytest.fixture
def bank(db):
    return QuestionBankFactory(name="Geography 101")


def written():
    return (
        Question.objects.count(),
        QuestionVersion.objects.count(),
        Choice.objects.count(),
        MatchPair.objects.count(),
        QuestionCategory.objects.count(),
    )


def test_importing_a_valid_file_writes_each_question_with_its_first_version(bank, author):
    result = import_questions(bank=bank, text=VALID, by=author)

    assert (result.created, result.errors, result.categories_created) == (7, [], 2)
    questions = {q.name: q for q in Question.objects.with_current().filter(bank=bank)}
    assert set(questions) == {"Capital", "Primes", "Sky", "Longest", "Grant", "Match", "Essay"}
    capital = questions["Capital"]
    assert capital.category.name == "Geography"
    assert capital.current_version.number == 1
    assert capital.current_version.type == QuestionType.SINGLE
    assert capital.current_version.text == "<p>What is the capital of France?</p>"
    assert capital.current_version.created_by == author
    assert [
        (c.order, c.text, c.credit, c.feedback) for c in capital.current_version.choices.all()
    ] == [(0, "Paris", 100, "Yes"), (1, "Lyon", 0, "No"), (2, "Nice", 0, "")]
    primes = questions["Primes"].current_version
    assert primes.multiple_scoring == MultipleScoring.PARTIAL
    assert [c.credit for c in primes.choices.all()] == [50, 50, -100]
    assert questions["Longest"].category.name == "Geography/Rivers"
    grant = questions["Grant"].current_version
    assert [(c.low, c.high, c.credit) for c in grant.choices.all()] == [
        (1822, 1822, 100),
        (1820, 1824, 50),
        (None, None, 0),
    ]
    assert [(p.prompt, p.answer) for p in questions["Match"].current_version.pairs.all()] == [
        ("Canada", "Ottawa"),
        ("Italy", "Rome"),
        ("", "Madrid"),
    ]
    assert questions["Essay"].current_version.text == "<p>Describe <b>a river</b>.</p>"


def test_import_is_audited_with_its_counts(bank, author):
    import_questions(bank=bank, text=WITH_ERRORS, by=author, only_valid=True)

    event = AuditEvent.objects.for_target(bank).get(action="questions.imported")
    assert event.actor == author
    assert event.after == {
        "created": 7,
        "rejected": 2,
        "categories_created": 2,
        "only_valid": True,
    }


def test_nothing_is_written_when_any_question_is_refused(bank, author):
    result = import_questions(bank=bank, text=WITH_ERRORS, by=author)

    assert result.refused and not result.written
    assert result.created == 0
    assert len(result.questions) == 7
    assert [(e.line, e.reason) for e in result.errors] == [
        (19, "numerical answer 'abc' is not a number"),
        (21, "description items are not questions (there is no answer block)"),
    ]
    assert written() == (0, 0, 0, 0, 0)
    assert not AuditEvent.objects.filter(action="questions.imported").exists()


def test_only_valid_writes_the_valid_questions_and_reports_the_others(bank, author):
    result = import_questions(bank=bank, text=WITH_ERRORS, by=author, only_valid=True)

    assert result.written
    assert result.created == 7
    assert len(result.errors) == 2
    assert Question.objects.filter(bank=bank).count() == 7
    assert not Question.objects.filter(name="Bad number").exists()


def test_dry_run_writes_nothing_even_when_everything_is_valid(bank, author):
    result = import_questions(bank=bank, text=VALID, by=author, dry_run=True)

    assert not result.written
    assert [q.name for q in result.questions][:2] == ["Capital", "Primes"]
    assert written() == (0, 0, 0, 0, 0)


def test_existing_categories_of_the_bank_are_reused(bank, author):
    geography = QuestionCategoryFactory(bank=bank, name="Geography")
    QuestionCategoryFactory(name="Geography/Rivers")  # another bank's

    result = import_questions(bank=bank, text=VALID, by=author)

    assert result.categories_created == 1
    assert Question.objects.get(name="Capital").category == geography
    assert Question.objects.get(name="Longest").category.bank == bank


def test_weights_are_stored_to_two_decimal_places():
    bank = QuestionBankFactory()
    import_questions(
        bank=bank, text="Primes?{~%33.33333%2 ~%33.33333%3 ~%33.33333%5 ~%-100%4}", by=None
    )

    assert [c.credit for c in Choice.objects.order_by("order")] == [
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("-100"),
    ]


def test_numbers_the_model_cannot_hold_are_reported_with_their_line(bank, author):
    result = import_questions(
        bank=bank, text="::Fine::Pi?{#3.14159265358979}\n\n::Big::Big?{#1e20}\n", by=author
    )

    assert result.refused
    assert [e.line for e in result.errors] == [1, 3]
    assert "more than 8 decimal places" in result.errors[0].reason
    assert written() == (0, 0, 0, 0, 0)


def test_someone_without_the_add_question_permission_cannot_import(bank, instructor):
    with pytest.raises(PermissionDenied):
        import_questions(bank=bank, text=VALID, by=instructor)
    assert written() == (0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("$course$/top/Default for Chemistry/Acids", "Default for Chemistry/Acids"),
        ("$system$/top", ""),
        ("Acids / Strong", "Acids/Strong"),
        ("", ""),
    ],
)
def test_category_paths_lose_moodle_context_and_top(path, name):
    assert category_name(path) == name


# Export -------------------------------------------------------------------------


def test_an_exported_bank_imports_into_another_bank_as_the_same_questions(bank, author):
    import_questions(bank=bank, text=VALID, by=author)

    exported = export_bank(bank)
    copy = QuestionBankFactory(name="Copy")
    result = import_questions(bank=copy, text=exported, by=author)

    assert result.errors == []
    assert result.created == 7

    def described(target):
        return sorted(
            (
                q.name,
                q.category.name if q.category else "",
                q.current_version.type,
                q.current_version.text,
                [
                    (c.text, c.credit, c.feedback, c.low, c.high)
                    for c in q.current_version.choices.all()
                ],
                [(p.prompt, p.answer) for p in q.current_version.pairs.all()],
            )
            for q in Question.objects.with_current().filter(bank=target)
        )

    assert described(copy) == described(bank)


def test_export_is_readable_gift_with_categories_and_tidy_numbers(bank, author):
    import_questions(bank=bank, text=VALID, by=author)

    exported = export_bank(bank)

    assert exported.startswith("// Geography 101\n")
    assert "$CATEGORY: Geography\n" in exported
    assert "$CATEGORY: Geography/Rivers\n" in exported
    assert "\t~%50%2\n" in exported
    assert "\t=%50%1820..1824\n" in exported
    questions, errors = parse_gift(exported)
    assert errors == []
    assert len(questions) == 7


def test_export_uses_each_questions_current_version_and_skips_archived(bank):
    question = make_question(QuestionType.TRUE_FALSE, bank=bank, name="Boiling", text="<p>Old</p>")
    newer = QuestionVersion.objects.create(
        question=question,
        number=2,
        type=QuestionType.TRUE_FALSE,
        text="<p>Water boils at 100 °C.</p>",
    )
    Choice.objects.create(version=newer, order=0, text="True", credit=100)
    Choice.objects.create(version=newer, order=1, text="False", credit=0)
    question.current_version = newer
    question.save()
    make_question(bank=bank, name="Retired")
    Question.objects.filter(name="Retired").update(archived=True)

    exported = export_bank(bank)

    (parsed,), errors = parse_gift(exported)
    assert errors == []
    assert (parsed.name, parsed.text, parsed.type) == (
        "Boiling",
        "<p>Water boils at 100 °C.</p>",
        QuestionType.TRUE_FALSE,
    )
    assert "Old" not in exported


def test_export_reads_the_bank_in_a_fixed_number_of_queries(
    bank, author, django_assert_num_queries
):
    import_questions(bank=bank, text=VALID, by=author)

    with django_assert_num_queries(3):
        export_bank(bank)
