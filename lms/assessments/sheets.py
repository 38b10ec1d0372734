"""
What a quiz attempt looks like on screen: each question with its options in
the attempt's order and the learner's answer, and, for a submitted attempt,
only the review the viewer is entitled to. Credits, feedback and correct
answers are copied onto the sheet only in review mode, so a template for an
attempt in progress has nothing secret it could leak.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from lms.assessments import marking
from lms.assessments.models import Choice, MatchPair, QuestionType
from lms.assessments.services.attempts import ReviewRights


@dataclass
class Option:
    id: int
    text: str
    checked: bool = False
    # Review only.
    correct: bool | None = None
    feedback: str = ""


@dataclass
class Prompt:
    id: int
    text: str
    selected: str = ""
    # Review only.
    answer: str = ""
    right: bool | None = None


@dataclass
class SheetQuestion:
    row: object
    version: object
    number: int
    field_name: str
    options: list = field(default_factory=list)
    prompts: list = field(default_factory=list)
    answers: list = field(default_factory=list)
    text_answer: str = ""
    # Review only.
    outcome: str = ""
    outcome_label: str = ""
    correct_answers: list = field(default_factory=list)
    feedback: list = field(default_factory=list)
    general_feedback: str = ""

    @property
    def type(self):
        return self.version.type

    @property
    def answered(self):
        return not marking.is_unanswered(self.row.response)


OUTCOMES = {
    "correct": _("Correct"),
    "partial": _("Partly correct"),
    "incorrect": _("Incorrect"),
    "pending": _("Awaiting grading"),
    "unanswered": _("Not answered"),
}


def _number_text(value):
    if value is None:
        return ""
    return f"{value.normalize():f}"


def _range_text(choice):
    low, high = _number_text(choice.low), _number_text(choice.high)
    if low and high:
        return low if choice.low == choice.high else f"{low} \u2013 {high}"
    return f"≥ {low}" if low else f"≤ {high}"


def _outcome(row):
    if marking.is_unanswered(row.response) and not row.needs_grading:
        return "unanswered"
    if row.needs_grading or row.score is None:
        return "pending"
    if row.score >= row.points:
        return "correct"
    return "partial" if row.score > 0 else "incorrect"


def build_sheet(attempt, *, rights=None):
    """
    The attempt's questions ready to render. rights: ReviewRights for a
    submitted attempt's review; None while it is being answered.
    """
    rows = list(attempt.questions.select_related("question_version").order_by("order"))
    version_ids = {row.question_version_id for row in rows}
    choices, pairs = defaultdict(list), defaultdict(list)
    for choice in Choice.objects.filter(version_id__in=version_ids).order_by("order", "pk"):
        choices[choice.version_id].append(choice)
    for pair in MatchPair.objects.filter(version_id__in=version_ids).order_by("order", "pk"):
        pairs[pair.version_id].append(pair)
    review = rights is not None
    rights = rights or ReviewRights(correct_answers=False, feedback=False)
    return [
        _sheet_question(
            row,
            choices[row.question_version_id],
            pairs[row.question_version_id],
            review=review,
            rights=rights,
        )
        for row in rows
    ]


def _sheet_question(row, choices, pairs, *, review, rights):
    version = row.question_version
    response = row.response
    item = SheetQuestion(row=row, version=version, number=row.order, field_name=f"q-{row.order}")
    by_id = {choice.pk: choice for choice in choices}
    if version.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE, QuestionType.MULTIPLE):
        picked = set(response) if isinstance(response, list) else {response}
        for pk in row.presentation:
            choice = by_id.get(pk)
            if choice is None:
                continue
            option = Option(id=pk, text=choice.text, checked=pk in picked)
            if review and rights.correct_answers:
                option.correct = choice.credit > 0
            if review and rights.feedback and option.checked:
                option.feedback = choice.feedback
            item.options.append(option)
        if review and rights.correct_answers:
            item.correct_answers = [choice.text for choice in choices if choice.credit > 0]
    elif version.type == QuestionType.MATCHING:
        given = response if isinstance(response, dict) else {}
        item.answers = list(row.presentation)
        for pair in pairs:
            prompt = Prompt(id=pair.pk, text=pair.prompt, selected=given.get(str(pair.pk), ""))
            if review and rights.correct_answers:
                prompt.answer = pair.answer
            if review and rights.feedback and prompt.selected:
                prompt.right = prompt.selected == pair.answer
            item.prompts.append(prompt)
    else:
        item.text_answer = response if isinstance(response, str) else ""
        if review and version.type == QuestionType.SHORT_ANSWER:
            best = max((c.credit for c in choices), default=0)
            if rights.correct_answers and best > 0:
                item.correct_answers = [c.text for c in choices if c.credit == best]
            if rights.feedback and item.text_answer:
                given = marking.normalise_text(item.text_answer)
                item.feedback = [
                    c.feedback
                    for c in choices
                    if c.feedback and marking.normalise_text(c.text) == given
                ][:1]
        elif review and version.type == QuestionType.NUMERICAL:
            best = max((c.credit for c in choices), default=0)
            if rights.correct_answers and best > 0:
                item.correct_answers = [_range_text(c) for c in choices if c.credit == best]
            number = marking.parse_number(item.text_answer)
            if rights.feedback and number is not None:
                item.feedback = [
                    c.feedback
                    for c in choices
                    if c.feedback
                    and (c.low is None or c.low <= number)
                    and (c.high is None or number <= c.high)
                ][:1]
    if review:
        item.outcome = _outcome(row)
        item.outcome_label = OUTCOMES[item.outcome]
        if rights.feedback:
            item.general_feedback = version.general_feedback
    return item


def responses_from_post(sheet, data, *, only=None):
    """
    The responses a posted attempt form carries, by question order: every
    question of the sheet, or only the orders given (autosave sends one).
    """
    responses = {}
    for item in sheet:
        if only is not None and item.number not in only:
            continue
        name = item.field_name
        if item.type == QuestionType.MULTIPLE:
            responses[item.number] = data.getlist(name)
        elif item.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
            responses[item.number] = data.get(name) or None
        elif item.type == QuestionType.MATCHING:
            responses[item.number] = {
                str(prompt.id): data.get(f"{name}-{prompt.id}", "") for prompt in item.prompts
            }
        else:
            responses[item.number] = data.get(name, "")
    return responses
