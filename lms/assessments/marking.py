"""
Marking rules, one per question type. Pure functions: they read a question
version, its choices and pairs and the learner's response, and return a
Mark; they never touch the database, so grading an attempt costs the same
few queries however many questions it has.

Response shapes (as saved by lms.assessments.services.attempts):
- single choice, true/false: a choice id
- multiple select: a list of choice ids
- short answer, essay: text
- numerical: the number as the learner typed it (text)
- matching: {pair id (text): the answer picked for that prompt}
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lms.assessments.models.banks import MultipleScoring, QuestionType

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Mark:
    """
    fraction: the share of the question's points earned, 0..1, or None while
    the answer waits for a grader. correct: True for full marks, False for
    anything less, None while waiting for a grader.
    """

    fraction: Decimal | None
    needs_grading: bool = False
    correct: bool | None = None

    @classmethod
    def of(cls, fraction):
        fraction = clamp(fraction)
        return cls(fraction=fraction, needs_grading=False, correct=fraction == ONE)

    @classmethod
    def for_grader(cls):
        return cls(fraction=None, needs_grading=True, correct=None)


def clamp(value):
    return min(ONE, max(ZERO, Decimal(value)))


def normalise_text(value):
    """Trimmed, inner whitespace collapsed, case folded: how short answers compare."""
    return " ".join(str(value).split()).casefold()


def parse_number(value):
    """
    The learner's number as a Decimal, or None when it is not a finite number.
    A decimal comma is accepted ("3,14") when it is the only separator.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    else:
        text = str(value).strip().replace(" ", "")
        if not text or "_" in text:
            return None
        if "," in text:
            if "." in text or text.count(",") > 1:
                return None
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except (InvalidOperation, ValueError):
            return None
    return number if number.is_finite() else None


def is_unanswered(response):
    if response is None:
        return True
    if isinstance(response, str):
        return not response.strip()
    if isinstance(response, list | dict):
        return not response
    return False


def _as_id(value):
    """A choice or pair id from a response, or None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _credit(choice):
    return Decimal(choice.credit) / HUNDRED


def mark_single(choices, response):
    chosen = _as_id(response)
    for choice in choices:
        if choice.pk == chosen:
            return Mark.of(_credit(choice))
    return Mark.of(ZERO)


def mark_multiple(version, choices, response):
    if not isinstance(response, list | tuple):
        return Mark.of(ZERO)
    chosen = {_as_id(item) for item in response} - {None}
    by_id = {choice.pk: choice for choice in choices}
    if version.multiple_scoring == MultipleScoring.PARTIAL:
        # Moodle's rule: the credits of the picked choices add up (wrong picks
        # carry negative credit), and the total stays within 0..100%.
        return Mark.of(sum((_credit(by_id[pk]) for pk in chosen if pk in by_id), ZERO))
    correct = {choice.pk for choice in choices if choice.credit > 0}
    return Mark.of(ONE if chosen and chosen == correct else ZERO)


def mark_short_answer(version, choices, response):
    if not isinstance(response, str | int | Decimal) or isinstance(response, bool):
        return Mark.of(ZERO)
    given = normalise_text(response)
    credits = [_credit(choice) for choice in choices if normalise_text(choice.text) == given]
    if credits:
        return Mark.of(max(credits))
    return Mark.for_grader() if version.manual_review else Mark.of(ZERO)


def mark_numerical(choices, response):
    number = parse_number(response)
    if number is None:
        return Mark.of(ZERO)
    credits = [
        _credit(choice)
        for choice in choices
        if (choice.low is None or choice.low <= number)
        and (choice.high is None or number <= choice.high)
        and not (choice.low is None and choice.high is None)
    ]
    return Mark.of(max(credits) if credits else ZERO)


def mark_matching(pairs, response):
    if not pairs or not isinstance(response, dict):
        return Mark.of(ZERO)
    right = 0
    for pair in pairs:
        picked = response.get(str(pair.pk))
        if isinstance(picked, str) and picked == pair.answer:
            right += 1
    return Mark.of(Decimal(right) / Decimal(len(pairs)))


def mark(version, choices, pairs, response):
    """
    The mark for one answer. choices and pairs are the version's own (the
    caller loads them for every version at once). An unanswered question
    scores 0, an essay included: there is nothing for a grader to read.
    """
    if is_unanswered(response):
        return Mark.of(ZERO)
    kind = version.type
    if kind in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        return mark_single(choices, response)
    if kind == QuestionType.MULTIPLE:
        return mark_multiple(version, choices, response)
    if kind == QuestionType.SHORT_ANSWER:
        return mark_short_answer(version, choices, response)
    if kind == QuestionType.NUMERICAL:
        return mark_numerical(choices, response)
    if kind == QuestionType.MATCHING:
        return mark_matching(pairs, response)
    if kind == QuestionType.ESSAY:
        return Mark.for_grader()
    raise ValueError(f"Unknown question type {kind!r}")


def score_for(points, fraction):
    """Points earned for a fraction, to the cent (None while awaiting a grader)."""
    if fraction is None:
        return None
    return (Decimal(points) * fraction).quantize(Decimal("0.01"))
