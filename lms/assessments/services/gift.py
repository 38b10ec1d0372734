"""
Importing questions into a bank from GIFT text, and exporting a bank as GIFT.

Parsing is lms.assessments.gift; this module checks that each parsed question
fits the models, then writes in one transaction: every question is written or
none is, unless the author asks for the valid ones only.
"""

import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from lms.assessments.gift import (
    GiftError,
    ParsedChoice,
    ParsedPair,
    ParsedQuestion,
    parse_gift,
    write_gift,
)
from lms.assessments.models import (
    Choice,
    MatchPair,
    MultipleScoring,
    Question,
    QuestionCategory,
    QuestionType,
    QuestionVersion,
)
from lms.audit.services import record

logger = logging.getLogger(__name__)

IMPORT_PERMISSION = "assessments.add_question"
EXPORT_PERMISSION = "assessments.add_question"

# Field sizes of the models (Choice.credit, Choice.low/high, MatchPair.answer,
# QuestionCategory.name), checked before writing so a question that does not
# fit is reported with its line instead of failing the whole transaction.
CREDIT_PLACES = Decimal("0.01")
RANGE_DECIMAL_PLACES = 8
RANGE_INTEGER_DIGITS = 12
PAIR_ANSWER_MAX_LENGTH = 255
CATEGORY_NAME_MAX_LENGTH = 200
# Moodle writes contexts in front of category paths: "$course$/top/Geography".
MOODLE_CONTEXTS = ("$course$", "$system$", "$module$", "$coursecategory$", "$cat$")


@dataclass
class ImportResult:
    questions: list[ParsedQuestion]  # the questions that can be imported
    errors: list[GiftError]
    created: int = 0
    categories_created: int = 0
    dry_run: bool = False
    only_valid: bool = False
    written: bool = False
    created_questions: list[Question] = field(default_factory=list)

    @property
    def refused(self):
        """True when errors stopped the import (nothing was written)."""
        return bool(self.errors) and not self.only_valid


def _check(by, perm):
    if by is not None and not by.has_perm(perm):
        raise PermissionDenied(_("You do not have permission to do that."))


def category_name(path):
    """A $CATEGORY path as a category name: Moodle's context and "top" dropped."""
    parts = [part.strip() for part in path.split("/") if part.strip()]
    if parts and parts[0] in MOODLE_CONTEXTS:
        parts = parts[1:]
    if parts and parts[0] == "top":
        parts = parts[1:]
    return "/".join(parts)


def _fits(question):
    """Why the models cannot store a parsed question, or "" when they can."""
    if len(category_name(question.category)) > CATEGORY_NAME_MAX_LENGTH:
        return _("the category name is longer than %(max)s characters") % {
            "max": CATEGORY_NAME_MAX_LENGTH
        }
    for choice in question.choices:
        for value in (choice.low, choice.high):
            if value is None:
                continue
            _sign, digits, exponent = value.normalize().as_tuple()
            places = max(-exponent, 0)
            integer_digits = max(len(digits) + exponent, 0)
            if places > RANGE_DECIMAL_PLACES or integer_digits > RANGE_INTEGER_DIGITS:
                return _(
                    "numerical answer %(value)s has more than %(places)s decimal places or "
                    "%(digits)s digits before the point"
                ) % {
                    "value": value,
                    "places": RANGE_DECIMAL_PLACES,
                    "digits": RANGE_INTEGER_DIGITS,
                }
    for pair in question.pairs:
        if len(pair.answer) > PAIR_ANSWER_MAX_LENGTH:
            return _("matching answer '%(answer)s…' is longer than %(max)s characters") % {
                "answer": pair.answer[:40],
                "max": PAIR_ANSWER_MAX_LENGTH,
            }
    return ""


def check_gift(text):
    """Parse and check against the models: (questions that fit, errors by line)."""
    parsed, errors = parse_gift(text)
    questions = []
    for question in parsed:
        reason = _fits(question)
        if reason:
            errors.append(GiftError(question.line, reason, question.name))
        else:
            questions.append(question)
    errors.sort(key=lambda error: error.line)
    return questions, errors


def import_questions(*, bank, text, by, only_valid=False, dry_run=False):
    """
    Import the questions of a GIFT text into a bank. When any question cannot
    be imported, nothing is written unless only_valid is set, in which case
    the valid questions are. dry_run checks without writing. $CATEGORY lines
    become the bank's categories (created when missing). Each question gets
    its first version, with choices or pairs.
    """
    _check(by, IMPORT_PERMISSION)
    questions, errors = check_gift(text)
    result = ImportResult(questions, errors, dry_run=dry_run, only_valid=only_valid)
    if dry_run or result.refused or not questions:
        return result

    actor = by if by is not None and by.is_authenticated else None
    with transaction.atomic():
        categories = _categories(bank, questions, result)
        for question in questions:
            result.created_questions.append(
                _create(bank, categories.get(category_name(question.category)), question, actor)
            )
        result.created = len(result.created_questions)
        result.written = True
        record(
            action="questions.imported",
            actor=by,
            target=bank,
            after={
                "created": result.created,
                "rejected": len(errors),
                "categories_created": result.categories_created,
                "only_valid": only_valid,
            },
        )
    logger.info(
        "GIFT import into bank %s: %s created, %s rejected", bank.pk, result.created, len(errors)
    )
    return result


def _categories(bank, questions, result):
    names = {category_name(q.category) for q in questions} - {""}
    before = QuestionCategory.objects.filter(bank=bank, name__in=names).count()
    # ignore_conflicts: an import running at the same time may create the same category.
    QuestionCategory.objects.bulk_create(
        [QuestionCategory(bank=bank, name=name) for name in sorted(names)], ignore_conflicts=True
    )
    categories = {c.name: c for c in QuestionCategory.objects.filter(bank=bank, name__in=names)}
    result.categories_created = len(categories) - before
    return categories


def _create(bank, category, parsed, actor):
    question = Question.objects.create(bank=bank, category=category, name=parsed.name)
    version = QuestionVersion.objects.create(
        question=question,
        type=parsed.type,
        text=parsed.text,
        general_feedback=parsed.general_feedback,
        # Moodle marks a multiple-answer question by adding up the weights.
        multiple_scoring=(
            MultipleScoring.PARTIAL
            if parsed.type == QuestionType.MULTIPLE
            else MultipleScoring.ALL_OR_NOTHING
        ),
        created_by=actor,
    )
    question.current_version = version
    question.save(update_fields=["current_version"])
    Choice.objects.bulk_create(
        Choice(
            version=version,
            order=order,
            text=choice.text,
            credit=choice.credit.quantize(CREDIT_PLACES),
            feedback=choice.feedback,
            low=choice.low,
            high=choice.high,
        )
        for order, choice in enumerate(parsed.choices)
    )
    MatchPair.objects.bulk_create(
        MatchPair(version=version, order=order, prompt=pair.prompt, answer=pair.answer)
        for order, pair in enumerate(parsed.pairs)
    )
    return question


# Export ---------------------------------------------------------------------


def _tidy(value):
    """A stored decimal without its trailing zeros and without an exponent."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _as_parsed(question):
    version = question.current_version
    return ParsedQuestion(
        line=0,
        name=question.name,
        type=version.type,
        text=version.text,
        general_feedback=version.general_feedback,
        category=question.category.name if question.category else "",
        choices=[
            ParsedChoice(c.text, _tidy(c.credit), c.feedback, _tidy(c.low), _tidy(c.high))
            for c in version.choices.all()
        ],
        pairs=[ParsedPair(p.prompt, p.answer) for p in version.pairs.all()],
    )


def export_bank(bank, *, by=None):
    """The bank's active questions, at their current versions, as GIFT text."""
    _check(by, EXPORT_PERMISSION)
    questions = (
        Question.objects.active()
        .filter(bank=bank, current_version__isnull=False)
        .select_related("current_version", "category")
        .prefetch_related("current_version__choices", "current_version__pairs")
        .order_by(F("category__name").asc(nulls_first=True), "name", "pk")
    )
    header = f"// {bank.name}\n// " + _("Exported from Lectern in Moodle's GIFT format.") + "\n\n"
    return header + write_gift(_as_parsed(question) for question in questions)
