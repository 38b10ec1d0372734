"""Shared set-up for the quiz-taking tests: a course, an enrolled learner, quizzes of every type."""

from decimal import Decimal

from lms.assessments.models import Choice, MatchPair, MultipleScoring, QuestionType
from lms.cohorts.services import self_enroll
from tests.factories.assessments import make_question, make_quiz
from tests.factories.courses import CoursePageFactory, publish


def enrolled_course(learner, **fields):
    course = publish(CoursePageFactory(**fields))
    enrollment = self_enroll(course=course, learner=learner)
    return course, enrollment


def every_type(*, with_essay=True):
    """One question of each type (points 1, except matching 3), in a fixed order."""
    questions = [
        make_question(QuestionType.SINGLE, name="Capital"),
        make_question(
            QuestionType.MULTIPLE, name="Primes", multiple_scoring=MultipleScoring.PARTIAL
        ),
        make_question(QuestionType.TRUE_FALSE, name="Sky"),
        make_question(QuestionType.SHORT_ANSWER, name="Plants"),
        make_question(QuestionType.NUMERICAL, name="Pi"),
        make_question(QuestionType.MATCHING, name="Animals", points=Decimal("3")),
    ]
    if with_essay:
        questions.append(make_question(QuestionType.ESSAY, name="Essay", points=Decimal("5")))
    return questions


def choice(question, text):
    return Choice.objects.get(version=question.current_version, text=text)


def right_answers(attempt):
    """Responses that earn full marks on every auto-graded question of attempt."""
    responses = {}
    for row in attempt.questions.select_related("question_version"):
        version = row.question_version
        if version.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
            responses[row.order] = version.choices.get(credit=100).pk
        elif version.type == QuestionType.MULTIPLE:
            responses[row.order] = list(
                version.choices.filter(credit__gt=0).values_list("pk", flat=True)
            )
        elif version.type == QuestionType.SHORT_ANSWER:
            responses[row.order] = version.choices.order_by("-credit").first().text
        elif version.type == QuestionType.NUMERICAL:
            responses[row.order] = "3,14"
        elif version.type == QuestionType.MATCHING:
            responses[row.order] = {
                str(pair.pk): pair.answer for pair in MatchPair.objects.filter(version=version)
            }
        elif version.type == QuestionType.ESSAY:
            responses[row.order] = "Because of the light."
    return responses


__all__ = ["enrolled_course", "every_type", "make_question", "make_quiz", "right_answers"]
