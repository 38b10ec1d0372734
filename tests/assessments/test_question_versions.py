"""Editing a question: answered versions are frozen, unanswered ones change in place."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from lms.accounts.roles import Role
from lms.assessments.exceptions import QuestionChanged, QuestionInUse
from lms.assessments.models import (
    Attempt,
    AttemptQuestion,
    Question,
    QuestionType,
    QuestionVersion,
)
from lms.assessments.services.questions import (
    ChoiceData,
    QuestionContent,
    delete_question,
    sanitise_rich_text,
    save_question,
)
from lms.audit.models import AuditEvent
from tests.factories.accounts import UserFactory
from tests.factories.assessments import QuestionBankFactory, make_question, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return UserFactory(email="author@example.com", roles=[Role.AUTHOR])


def answer(question, learner=None):
    """Draw the question's current version for an attempt, as taking a quiz does."""
    quiz = make_quiz([question])
    attempt = Attempt.objects.create(
        quiz=quiz, learner=learner or UserFactory(), number=1, pass_score=70
    )
    return AttemptQuestion.objects.create(
        attempt=attempt, order=0, question_version=question.current_version, points=1
    )


def capital_content(**overrides):
    fields = {
        "type": QuestionType.SINGLE,
        "text": "<p>Capital of France?</p>",
        "points": Decimal("2"),
        "choices": [
            ChoiceData("Paris", Decimal(100), "Yes."),
            ChoiceData("Marseille", Decimal(0), "No, that is a port."),
        ],
    }
    fields.update(overrides)
    return QuestionContent(**fields)


def edit(question, author, content=None, **identity):
    return save_question(
        question=question,
        bank=identity.get("bank", question.bank),
        category=identity.get("category", question.category),
        name=identity.get("name", question.name),
        archived=identity.get("archived", question.archived),
        content=content or capital_content(),
        by=author,
    )


def test_creating_a_question_writes_version_one_and_audits(author):
    bank = QuestionBankFactory()
    question, outcome = save_question(
        bank=bank, name="Capital", content=capital_content(), by=author
    )
    assert outcome == "created"
    version = question.current_version
    assert version.number == 1 and version.created_by == author
    assert [(c.text, c.credit, c.feedback) for c in version.choices.all()] == [
        ("Paris", Decimal("100.00"), "Yes."),
        ("Marseille", Decimal("0.00"), "No, that is a port."),
    ]
    event = AuditEvent.objects.get(action="question.created")
    assert event.actor == author and event.after["points"] == "2"


def test_editing_an_unanswered_question_updates_its_version_in_place(author):
    question = make_question(QuestionType.SINGLE)
    version_pk = question.current_version.pk

    question, outcome = edit(question, author)

    assert outcome == "changed"
    assert question.versions.count() == 1
    version = QuestionVersion.objects.get(pk=version_pk)
    assert version.text == "<p>Capital of France?</p>" and version.points == Decimal("2")
    assert [c.text for c in version.choices.all()] == ["Paris", "Marseille"]
    assert AuditEvent.objects.filter(action="question.changed").count() == 1


def test_editing_an_answered_question_makes_a_new_version_and_the_attempt_keeps_the_old(author):
    question = make_question(
        QuestionType.SINGLE, choices=[("Lyon", 100), ("Paris", 0)], text="<p>Old?</p>"
    )
    old = question.current_version
    row = answer(question)
    assert question.has_attempts

    question, outcome = edit(question, author)

    assert outcome == "versioned"
    new = question.current_version
    assert new.number == 2 and new.pk != old.pk and new.created_by == author
    assert [c.text for c in new.choices.all()] == ["Paris", "Marseille"]
    row.refresh_from_db()
    assert row.question_version_id == old.pk
    old.refresh_from_db()
    assert old.text == "<p>Old?</p>"
    assert [(c.text, c.credit) for c in old.choices.all()] == [
        ("Lyon", Decimal("100.00")),
        ("Paris", Decimal("0.00")),
    ]
    event = AuditEvent.objects.get(action="question.versioned")
    assert event.before["version"] == 1 and event.after["version"] == 2

    # The new version has not been answered: a further edit changes it in place.
    question, outcome = edit(question, author, capital_content(points=Decimal("3")))
    assert outcome == "changed"
    assert question.versions.count() == 2
    assert question.current_version.points == Decimal("3")


def test_renaming_an_answered_question_does_not_make_a_version(author):
    question = make_question(QuestionType.SINGLE)
    answer(question)
    same = QuestionContent.of(question.current_version)

    question, outcome = edit(question, author, same, name="Renamed")

    assert outcome == "changed"
    assert question.versions.count() == 1
    assert Question.objects.get(pk=question.pk).name == "Renamed"


def test_saving_without_changes_records_nothing(author):
    question = make_question(QuestionType.MATCHING)
    same = QuestionContent.of(question.current_version)
    _question, outcome = edit(question, author, same)
    assert outcome == "unchanged"
    assert not AuditEvent.objects.filter(action__startswith="question.").exists()


def test_an_edit_from_a_stale_form_is_refused(author):
    question = make_question(QuestionType.SINGLE)
    loaded = question.current_version.pk
    answer(question)
    edit(question, author)  # someone else's edit makes version 2
    with pytest.raises(QuestionChanged, match="now version 2"):
        save_question(
            question=question,
            bank=question.bank,
            name=question.name,
            content=capital_content(points=Decimal("5")),
            base_version_id=loaded,
            by=author,
        )


def test_an_instructor_cannot_save_questions():
    instructor = UserFactory(roles=[Role.INSTRUCTOR])
    with pytest.raises(PermissionDenied):
        save_question(
            bank=QuestionBankFactory(), name="X", content=capital_content(), by=instructor
        )


def test_an_answered_question_cannot_be_deleted_and_says_to_archive(author):
    question = make_question(QuestionType.SINGLE, name="Capitals")
    answer(question)
    with pytest.raises(QuestionInUse, match=r"answered in 1 attempt.*Archive it instead"):
        delete_question(question=question, by=author)
    assert Question.objects.filter(pk=question.pk).exists()


def test_an_unused_question_is_deleted_with_its_versions(author):
    question = make_question(QuestionType.SINGLE)
    delete_question(question=question, by=author)
    assert not Question.objects.filter(pk=question.pk).exists()
    assert not QuestionVersion.objects.filter(question_id=question.pk).exists()
    assert AuditEvent.objects.filter(action="question.deleted").exists()


def test_essay_content_rejects_answers(author):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        save_question(
            bank=QuestionBankFactory(),
            name="Essay",
            content=capital_content(type=QuestionType.ESSAY),
            by=author,
        )
    assert exc.value.message_dict["choices"] == [
        "An essay question has no answers: a grader marks it."
    ]


@pytest.mark.parametrize(
    "dirty",
    [
        '<p onclick="steal()">Hi<script>alert(1)</script></p>',
        '<p>Hi</p><iframe src="https://evil.example"></iframe><style>p{}</style>',
        '<p><a href="javascript:alert(1)" onmouseover="x()">Hi</a></p>',
    ],
)
def test_question_text_keeps_no_script_or_handlers(dirty):
    clean = sanitise_rich_text(dirty)
    assert "script" not in clean and "alert" not in clean
    assert "onclick" not in clean and "onmouseover" not in clean
    assert "iframe" not in clean and "javascript" not in clean
    assert "Hi" in clean


def test_sanitising_keeps_what_draftail_writes():
    html = (
        '<p data-block-key="a1"><b>Bold</b> <i>it</i> H<sub>2</sub>O x<sup>2</sup> '
        '<code>x</code> <a href="https://example.com">ext</a> '
        '<a linktype="page" id="3">page</a></p><ul><li data-block-key="b2">one</li></ul>'
    )
    clean = sanitise_rich_text(html)
    # BeautifulSoup writes attributes in alphabetical order; nothing else changes.
    assert clean == html.replace('linktype="page" id="3"', 'id="3" linktype="page"')
    assert sanitise_rich_text(clean) == clean


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_authors_saving_an_answered_question_at_once_make_one_version():
    import threading

    from django.db import close_old_connections, connection

    authors = [UserFactory(email=f"racer{n}@example.com", roles=[Role.AUTHOR]) for n in range(2)]
    question = make_question(QuestionType.SINGLE)
    loaded = question.current_version.pk
    answer(question)
    outcomes = []
    barrier = threading.Barrier(len(authors))

    def save(author, points):
        try:
            barrier.wait()
            _question, outcome = save_question(
                question=question,
                bank=question.bank,
                name=question.name,
                content=capital_content(points=Decimal(points)),
                base_version_id=loaded,
                by=author,
            )
            outcomes.append(outcome)
        except QuestionChanged:
            outcomes.append("refused")
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=save, args=(author, n + 3)) for n, author in enumerate(authors)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "versioned"]
    assert question.versions.count() == 2
