"""Rows for the grading tests: submitted attempts with essays, and submissions."""

import datetime
from decimal import Decimal

from django.utils import timezone

from lms.assessments.models import (
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    QuestionType,
    Submission,
)
from lms.cohorts.models import Enrollment
from tests.factories.assessments import AssignmentFactory, make_question, make_quiz
from tests.factories.cohorts import CohortFactory
from tests.factories.courses import CoursePageFactory


def make_cohort(*, course=None, instructors=()):
    cohort = CohortFactory(course=course or CoursePageFactory())
    cohort.instructors.add(*instructors)
    cohort.save()  # a ParentalManyToManyField is written on save
    return cohort


def enrol(learner, cohort):
    return Enrollment.objects.create(
        learner=learner, cohort=cohort, course=cohort.course, source="coordinator"
    )


def essay_attempt(
    *, learner, enrollment, quiz=None, points=Decimal("10"), submitted_at=None, extra=()
):
    """A submitted attempt whose essay waits for a grader; extra: auto-marked (points, score)."""
    if quiz is None:
        quiz = make_quiz(
            [make_question(QuestionType.ESSAY, points=points, name="Essay")],
            course=enrollment.course,
        )
    number = Attempt.objects.filter(quiz=quiz, learner=learner).count() + 1
    attempt = Attempt.objects.create(
        quiz=quiz,
        learner=learner,
        enrollment=enrollment,
        number=number,
        pass_score=quiz.pass_score,
        status=AttemptStatus.AWAITING_GRADING,
        submitted_at=submitted_at or timezone.now(),
    )
    essay_version = quiz.slots.first().question.current_version
    row = AttemptQuestion.objects.create(
        attempt=attempt,
        order=1,
        question_version=essay_version,
        points=essay_version.points,
        response="My essay <script>alert(1)</script>",
        answered_at=attempt.submitted_at,
        needs_grading=True,
    )
    for order, (extra_points, score) in enumerate(extra, start=2):
        version = make_question(QuestionType.SINGLE, points=extra_points).current_version
        AttemptQuestion.objects.create(
            attempt=attempt,
            order=order,
            question_version=version,
            points=extra_points,
            response=None,
            score=score,
        )
    attempt.recompute()
    attempt.save()
    return row


def submission(*, learner, enrollment, assignment=None, submitted_at=None, **fields):
    assignment = assignment or AssignmentFactory(course=enrollment.course)
    number = Submission.objects.filter(assignment=assignment, learner=learner).count() + 1
    return Submission.objects.create(
        assignment=assignment,
        learner=learner,
        enrollment=enrollment,
        number=number,
        text=fields.pop("text", "My work"),
        submitted_at=submitted_at or timezone.now(),
        max_score=assignment.max_points,
        **fields,
    )


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)
