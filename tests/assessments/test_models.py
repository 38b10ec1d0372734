from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from lms.assessments.models import Attempt, AttemptQuestion, AttemptStatus, QuestionType
from tests.factories.accounts import UserFactory
from tests.factories.assessments import RubricFactory, make_question, make_quiz

pytestmark = pytest.mark.django_db


def _attempt(quiz, learner, **fields):
    return Attempt.objects.create(quiz=quiz, learner=learner, number=1, pass_score=70, **fields)


def test_recompute_waits_for_a_grader_then_totals():
    essay = make_question(QuestionType.ESSAY, points=Decimal("4"))
    single = make_question(QuestionType.SINGLE, points=Decimal("1"))
    quiz = make_quiz([single, essay])
    attempt = _attempt(quiz, UserFactory())
    AttemptQuestion.objects.create(
        attempt=attempt, order=0, question_version=single.current_version, points=1, score=1
    )
    essay_row = AttemptQuestion.objects.create(
        attempt=attempt,
        order=1,
        question_version=essay.current_version,
        points=4,
        needs_grading=True,
    )

    attempt.recompute()
    assert attempt.status == AttemptStatus.AWAITING_GRADING
    assert attempt.score is None and attempt.passed is None
    assert attempt.max_score == Decimal("5")

    essay_row.needs_grading = False
    essay_row.score = Decimal("2")
    essay_row.save()
    attempt.recompute()
    assert attempt.status == AttemptStatus.GRADED
    assert attempt.score == Decimal("3")
    assert attempt.percent == Decimal("60.00")
    assert attempt.passed is False


def test_one_open_attempt_per_learner_and_quiz():
    quiz = make_quiz([make_question()])
    learner = UserFactory()
    _attempt(quiz, learner)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(quiz=quiz, learner=learner, number=2, pass_score=70)


def test_rubric_max_points_is_the_sum_of_top_levels():
    assert RubricFactory().max_points == Decimal("15")
