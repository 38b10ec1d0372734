"""
Factories for banks, questions, quizzes and assignments. make_question()
builds a question with its first version and the type's choices or pairs.
"""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from lms.assessments.models import (
    Assignment,
    Choice,
    MatchPair,
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionType,
    QuestionVersion,
    Quiz,
    QuizSlot,
    Rubric,
)
from tests.factories.courses import CoursePageFactory


class QuestionBankFactory(DjangoModelFactory):
    class Meta:
        model = QuestionBank

    name = factory.Sequence(lambda n: f"Bank {n}")


class QuestionCategoryFactory(DjangoModelFactory):
    class Meta:
        model = QuestionCategory

    bank = factory.SubFactory(QuestionBankFactory)
    name = factory.Sequence(lambda n: f"Category {n}")


# Choices per type when a test doesn't give its own: (text, credit %).
DEFAULT_CHOICES = {
    QuestionType.SINGLE: [("Paris", 100), ("Lyon", 0), ("Nice", 0)],
    QuestionType.MULTIPLE: [("2", 50), ("3", 50), ("4", -100), ("9", -100)],
    QuestionType.TRUE_FALSE: [("True", 100), ("False", 0)],
    QuestionType.SHORT_ANSWER: [("photosynthesis", 100)],
}


def make_question(
    type=QuestionType.SINGLE,
    *,
    bank=None,
    category=None,
    name=None,
    text="<p>Which one?</p>",
    points=Decimal("1"),
    choices=None,
    ranges=None,
    pairs=None,
    **version_fields,
):
    """
    A question and its first version. choices: [(text, credit)] or
    [(text, credit, feedback)]; ranges (numerical): [(low, high, credit)];
    pairs (matching): [(prompt, answer)].
    """
    bank = bank or (category.bank if category else QuestionBankFactory())
    question = Question.objects.create(
        bank=bank, category=category, name=name or f"{QuestionType(type).label} question"
    )
    version = QuestionVersion.objects.create(
        question=question, type=type, text=text, points=points, **version_fields
    )
    question.current_version = version
    question.save(update_fields=["current_version"])
    if type == QuestionType.NUMERICAL:
        for order, (low, high, credit) in enumerate(
            ranges or [(Decimal("3.14"), Decimal("3.15"), 100)]
        ):
            Choice.objects.create(
                version=version,
                order=order,
                text=f"{low}..{high}",
                low=low,
                high=high,
                credit=credit,
            )
    elif type == QuestionType.MATCHING:
        for order, (prompt, answer) in enumerate(
            pairs or [("Cat", "Meow"), ("Dog", "Woof"), ("Cow", "Moo")]
        ):
            MatchPair.objects.create(version=version, order=order, prompt=prompt, answer=answer)
    elif type != QuestionType.ESSAY:
        for order, choice in enumerate(choices or DEFAULT_CHOICES[type]):
            text_, credit, *feedback = choice
            Choice.objects.create(
                version=version,
                order=order,
                text=text_,
                credit=credit,
                feedback=feedback[0] if feedback else "",
            )
    return question


class QuizFactory(DjangoModelFactory):
    class Meta:
        model = Quiz

    title = factory.Sequence(lambda n: f"Quiz {n}")
    course = factory.SubFactory(CoursePageFactory)
    live = True


def make_quiz(questions=(), *, category_draws=(), **fields):
    """A published quiz with a slot per question and per (category, count) draw."""
    quiz = QuizFactory(**fields)
    order = 0
    for question in questions:
        QuizSlot.objects.create(quiz=quiz, question=question, sort_order=order)
        order += 1
    for category, count in category_draws:
        QuizSlot.objects.create(quiz=quiz, category=category, draw_count=count, sort_order=order)
        order += 1
    return quiz


class RubricFactory(DjangoModelFactory):
    class Meta:
        model = Rubric

    name = factory.Sequence(lambda n: f"Rubric {n}")
    criteria = factory.LazyFunction(
        lambda: [
            (
                "criterion",
                {
                    "title": "Argument",
                    "description": "",
                    "levels": [
                        {"label": "Weak", "points": Decimal("0"), "description": ""},
                        {"label": "Sound", "points": Decimal("5"), "description": ""},
                        {"label": "Excellent", "points": Decimal("10"), "description": ""},
                    ],
                },
            ),
            (
                "criterion",
                {
                    "title": "Evidence",
                    "description": "",
                    "levels": [
                        {"label": "Missing", "points": Decimal("0"), "description": ""},
                        {"label": "Cited", "points": Decimal("5"), "description": ""},
                    ],
                },
            ),
        ]
    )


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    title = factory.Sequence(lambda n: f"Assignment {n}")
    course = factory.SubFactory(CoursePageFactory)
    instructions = "<p>Hand in your risk register.</p>"
    live = True
