"""
Per-quiz statistics for instructors and staff. Everything is counted by the
database (aggregates grouped by question); only the few distinct wrong
responses of choice questions are tallied here, never the attempts' rows.
Instructors see their cohorts' attempts only, operations staff all of them.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, ExpressionWrapper, F, FloatField, Min, Q

from lms.assessments.models import Attempt, AttemptQuestion, AttemptStatus, Choice, Quiz
from lms.assessments.models.banks import CHOICE_TYPES, QuestionType
from lms.cohorts.models import Cohort


def _taught(user):
    return Cohort.objects.filter(instructors=user).values("pk")


def visible_attempts(user):
    """Submitted attempts user may count: all for operations staff, else their cohorts'."""
    attempts = Attempt.objects.submitted()
    if user.is_operations_staff:
        return attempts
    return attempts.filter(enrollment__cohort__in=_taught(user))


def visible_quizzes(user):
    """Quizzes of the courses user teaches (all for operations staff)."""
    if user.is_operations_staff:
        return Quiz.objects.all()
    return Quiz.objects.filter(
        course__in=Cohort.objects.filter(instructors=user).values("course_id")
    )


def quiz_overview(user):
    """Visible quizzes with their counted attempts, in one query."""
    counted = Q(attempts__status__in=[AttemptStatus.AWAITING_GRADING, AttemptStatus.GRADED])
    if not user.is_operations_staff:
        counted &= Q(attempts__enrollment__cohort__in=_taught(user))
    return (
        visible_quizzes(user)
        .select_related("course")
        .annotate(
            attempt_count=Count("attempts", filter=counted),
            graded_count=Count("attempts", filter=counted & Q(attempts__status="graded")),
            average=Avg("attempts__percent", filter=counted & Q(attempts__status="graded")),
        )
        .order_by("course__title", "title")
    )


@dataclass
class QuizSummary:
    attempts: int
    graded: int
    awaiting: int
    average_percent: Decimal | None
    passed: int

    @property
    def pass_rate(self):
        if not self.graded:
            return None
        return (Decimal(self.passed) * 100 / self.graded).quantize(Decimal("0.1"))


def quiz_summary(quiz, user):
    totals = (
        visible_attempts(user)
        .filter(quiz=quiz)
        .aggregate(
            attempts=Count("pk"),
            graded=Count("pk", filter=Q(status=AttemptStatus.GRADED)),
            awaiting=Count("pk", filter=Q(status=AttemptStatus.AWAITING_GRADING)),
            average=Avg("percent", filter=Q(status=AttemptStatus.GRADED)),
            passed=Count("pk", filter=Q(status=AttemptStatus.GRADED, passed=True)),
        )
    )
    average = totals["average"]
    return QuizSummary(
        attempts=totals["attempts"],
        graded=totals["graded"],
        awaiting=totals["awaiting"],
        average_percent=None if average is None else Decimal(str(average)).quantize(Decimal("0.1")),
        passed=totals["passed"],
    )


@dataclass
class QuestionStats:
    question_id: int
    name: str
    type: str
    answered: int
    scored: int
    waiting: int
    average_fraction: float | None
    correct: int
    common_wrong_choice: str = ""
    common_wrong_count: int = 0

    @property
    def type_label(self):
        return QuestionType(self.type).label

    @property
    def average_percent(self):
        return None if self.average_fraction is None else round(self.average_fraction * 100, 1)

    @property
    def difficulty(self):
        """Share of marked answers that got full marks (higher is easier)."""
        return None if not self.scored else round(self.correct * 100 / self.scored, 1)


def question_stats(quiz, user):
    """One QuestionStats per question asked in quiz (all its versions together)."""
    rows = AttemptQuestion.objects.filter(attempt__in=visible_attempts(user).filter(quiz=quiz))
    marked = Q(score__isnull=False)
    grouped = (
        rows.values(
            "question_version__question_id",
            "question_version__question__name",
        )
        .annotate(
            first_order=Min("order"),
            type=Min("question_version__type"),
            answered=Count("pk", filter=Q(response__isnull=False)),
            scored=Count("pk", filter=marked),
            waiting=Count("pk", filter=Q(needs_grading=True)),
            average_fraction=Avg(
                ExpressionWrapper(F("score") * 1.0 / F("points"), output_field=FloatField()),
                filter=marked & Q(points__gt=0),
            ),
            correct=Count("pk", filter=marked & Q(score__gte=F("points"))),
        )
        .order_by("first_order", "question_version__question__name")
    )
    result = [
        QuestionStats(
            question_id=group["question_version__question_id"],
            name=group["question_version__question__name"],
            type=group["type"],
            answered=group["answered"],
            scored=group["scored"],
            waiting=group["waiting"],
            average_fraction=group["average_fraction"],
            correct=group["correct"],
        )
        for group in grouped
    ]
    _add_common_wrong_choices(rows, result)
    return result


def _choice_ids(response):
    """The choice ids in a choice question's response, whatever its JSON shape."""
    if isinstance(response, dict):
        response = response.get("choices", response.get("choice"))
    if response is None:
        return []
    values = response if isinstance(response, list) else [response]
    ids = []
    for value in values:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids


def _add_common_wrong_choices(rows, result):
    """
    The wrong choice learners picked most often, per choice question: the
    not fully right answers grouped by response in the database, then the
    (few) distinct responses tallied.
    """
    wrong_responses = (
        rows.filter(
            question_version__type__in=CHOICE_TYPES,
            score__isnull=False,
            score__lt=F("points"),
            response__isnull=False,
        )
        .values("question_version__question_id", "question_version__type", "response")
        .annotate(n=Count("pk"))
        .order_by()
    )
    groups = [
        (
            group["question_version__question_id"],
            group["question_version__type"] == QuestionType.MULTIPLE,
            _choice_ids(group["response"]),
            group["n"],
        )
        for group in wrong_responses
    ]
    ids = {choice_id for _q, _multiple, choice_ids, _n in groups for choice_id in choice_ids}
    if not ids:
        return
    choices = {
        choice.pk: choice
        for choice in Choice.objects.filter(pk__in=ids).only("pk", "text", "credit")
    }
    tallies = defaultdict(Counter)
    for question_id, multiple, choice_ids, n in groups:
        for choice_id in choice_ids:
            choice = choices.get(choice_id)
            # A wrong pick: for single choice and true/false any choice short
            # of full credit; in multiple select one that earns nothing.
            wrong = choice is not None and (choice.credit <= 0 if multiple else choice.credit < 100)
            if wrong:
                tallies[question_id][choice_id] += n
    for stat in result:
        tally = tallies.get(stat.question_id)
        if tally:
            choice_id, count = tally.most_common(1)[0]
            stat.common_wrong_choice = choices[choice_id].text
            stat.common_wrong_count = count
