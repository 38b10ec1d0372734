"""
Authoring questions. A question's content (type, text, points, feedback and
answers) lives on its current version. Once that version has been drawn for
an attempt it is frozen: an edit makes a new version and moves the question
to it, so every attempt keeps the wording, answers and points it was marked
on. A version nobody has answered yet is simply updated.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from wagtail.whitelist import Whitelister, allow_without_attributes, attribute_rule, check_url

from lms.assessments.exceptions import QuestionChanged, QuestionInUse
from lms.assessments.models import (
    AttemptQuestion,
    Choice,
    MatchPair,
    MultipleScoring,
    Question,
    QuestionCategory,
    QuestionType,
    QuestionVersion,
)
from lms.audit.services import record

HUNDRED = Decimal("100")


def number_text(value):
    """3.1400 → "3.14", 8E+1 → "80": numbers in messages as an author typed them."""
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class ChoiceData:
    """An option, an accepted answer or (numerical) an accepted range."""

    text: str = ""
    credit: Decimal = Decimal("0")
    feedback: str = ""
    low: Decimal | None = None
    high: Decimal | None = None


@dataclass(frozen=True)
class PairData:
    prompt: str
    answer: str


@dataclass
class QuestionContent:
    """What a version holds. Compared field by field to tell an edit from a no-op."""

    type: str
    text: str
    points: Decimal = Decimal("1")
    general_feedback: str = ""
    multiple_scoring: str = MultipleScoring.ALL_OR_NOTHING
    manual_review: bool = False
    choices: list[ChoiceData] = field(default_factory=list)
    pairs: list[PairData] = field(default_factory=list)

    @classmethod
    def of(cls, version):
        return cls(
            type=version.type,
            text=version.text,
            points=version.points,
            general_feedback=version.general_feedback,
            multiple_scoring=version.multiple_scoring,
            manual_review=version.manual_review,
            choices=[
                ChoiceData(c.text, c.credit, c.feedback, c.low, c.high)
                for c in version.choices.all()
            ],
            pairs=[PairData(p.prompt, p.answer) for p in version.pairs.all()],
        )

    def normalised(self):
        """The content as stored, so a re-save of unchanged values compares equal."""

        def dec(value, places):
            return None if value is None else Decimal(value).quantize(Decimal(places))

        return (
            self.type,
            _without_block_keys(self.text),
            dec(self.points, "0.01"),
            _without_block_keys(self.general_feedback),
            self.multiple_scoring if self.type == QuestionType.MULTIPLE else "",
            bool(self.manual_review) if self.type == QuestionType.SHORT_ANSWER else False,
            tuple(
                (
                    c.text,
                    dec(c.credit, "0.01"),
                    c.feedback,
                    dec(c.low, "0.00000001"),
                    dec(c.high, "0.00000001"),
                )
                for c in self.choices
            ),
            tuple((p.prompt, p.answer) for p in self.pairs),
        )

    def summary(self):
        """For the audit log."""
        return {
            "type": self.type,
            "points": str(self.points),
            "choices": [
                {"text": c.text, "credit": str(c.credit)}
                if c.low is None
                else {"low": str(c.low), "high": str(c.high), "credit": str(c.credit)}
                for c in self.choices
            ],
            "pairs": [[p.prompt, p.answer] for p in self.pairs],
        }


_BLOCK_KEY = re.compile(r'\s+data-block-key="[^"]*"')


def _without_block_keys(html):
    """
    Draftail gives each paragraph a key, new ones for text that had none
    (imported, or created in code): keys are not content, so an edit that
    only adds them must not freeze a new version.
    """
    return _BLOCK_KEY.sub("", html or "")


# Rich text --------------------------------------------------------------------


def _link_rule(tag):
    """External links keep a checked href; internal ones Wagtail's linktype and id."""
    internal = bool(tag.get("linktype") and tag.get("id"))
    allowed = {"linktype", "id"} if internal else {"href"}
    for name in list(tag.attrs):
        if name not in allowed:
            del tag[name]
    if not internal and tag.get("href"):
        href = check_url(tag["href"])
        if href:
            tag["href"] = href
        else:
            del tag["href"]


_block_rule = attribute_rule({"data-block-key": True})


class QuestionTextWhitelister(Whitelister):
    """
    The elements Draftail produces for QUESTION_RICH_TEXT_FEATURES, in
    Wagtail's database format. The admin form already converts through
    Draftail; this second pass covers every other caller (imports, scripts).
    """

    element_rules = {
        "[document]": allow_without_attributes,
        "p": _block_rule,
        "li": _block_rule,
        "ol": allow_without_attributes,
        "ul": allow_without_attributes,
        "b": allow_without_attributes,
        "strong": allow_without_attributes,
        "i": allow_without_attributes,
        "em": allow_without_attributes,
        "code": allow_without_attributes,
        "sup": allow_without_attributes,
        "sub": allow_without_attributes,
        "br": allow_without_attributes,
        "a": _link_rule,
    }

    def clean(self, html):
        # Scripts and styles go with their content, not just their tags.
        doc = BeautifulSoup(html or "", "html.parser")
        for tag in doc.find_all(["script", "style", "iframe", "object", "embed", "template"]):
            tag.decompose()
        return super().clean(str(doc))


def sanitise_rich_text(html):
    """Whitelisted markup; "" for an editor left empty (Draftail posts "<p></p>")."""
    clean = QuestionTextWhitelister().clean(html).strip()
    if not BeautifulSoup(clean, "html.parser").get_text(strip=True):
        return ""
    return clean


# Validation -------------------------------------------------------------------


def check_content(content):
    """
    The answers a question of its type needs. Raises ValidationError keyed by
    the form part at fault: "choices", "ranges", "pairs" or "text".
    """
    errors = {}
    kind = content.type
    choices = content.choices

    def add(key, message):
        errors.setdefault(key, []).append(message)

    if not (content.text or "").strip() or not BeautifulSoup(content.text, "html.parser").get_text(
        strip=True
    ):
        add("text", _("Write the question text."))

    if kind == QuestionType.SINGLE:
        if len(choices) < 2:
            add("choices", _("A single choice question needs at least two choices."))
        elif not any(c.credit > 0 for c in choices):
            add("choices", _("Give at least one choice credit above 0%: none is correct yet."))
        elif max(c.credit for c in choices) != HUNDRED:
            add("choices", _("The best choice must give 100% credit."))
    elif kind == QuestionType.MULTIPLE:
        positive = sum((c.credit for c in choices if c.credit > 0), Decimal(0))
        if len(choices) < 2:
            add("choices", _("A multiple select question needs at least two choices."))
        elif not any(c.credit > 0 for c in choices):
            add("choices", _("Mark at least one choice correct (credit above 0%)."))
        elif content.multiple_scoring == MultipleScoring.PARTIAL and positive != HUNDRED:
            add(
                "choices",
                _(
                    "With partial credit the correct choices' credits must add up to 100%% "
                    "(they add up to %(total)s%%)."
                )
                % {"total": number_text(positive)},
            )
    elif kind == QuestionType.TRUE_FALSE:
        texts = sorted(c.text.strip().lower() for c in choices)
        if texts != ["false", "true"]:
            add(
                "choices",
                _("A true/false question has exactly two choices, “True” and “False”."),
            )
        elif sorted(c.credit for c in choices) != [Decimal(0), HUNDRED]:
            add("choices", _("Give 100% credit to either “True” or “False”, and 0% to the other."))
    elif kind == QuestionType.SHORT_ANSWER:
        if any(not c.text.strip() for c in choices):
            add("choices", _("An accepted answer cannot be empty."))
        if not any(c.credit > 0 for c in choices) and not content.manual_review:
            add(
                "choices",
                _(
                    "Give at least one accepted answer with credit above 0%, "
                    "or send answers to a grader."
                ),
            )
    elif kind == QuestionType.NUMERICAL:
        if not choices:
            add("ranges", _("A numerical question needs at least one accepted range."))
        for number, c in enumerate(choices, start=1):
            if c.low is None or c.high is None:
                add("ranges", _("Range %(n)s needs both ends.") % {"n": number})
            elif c.low > c.high:
                add(
                    "ranges",
                    _("Range %(n)s: “from” (%(low)s) is greater than “to” (%(high)s).")
                    % {"n": number, "low": number_text(c.low), "high": number_text(c.high)},
                )
        if choices and not any(c.credit > 0 for c in choices):
            add("ranges", _("Give at least one range credit above 0%."))
    elif kind == QuestionType.MATCHING:
        if len(content.pairs) < 2:
            add("pairs", _("A matching question needs at least two pairs."))
        if any(not p.prompt.strip() or not p.answer.strip() for p in content.pairs):
            add("pairs", _("Every pair needs both a prompt and a matching answer."))
    elif kind == QuestionType.ESSAY:
        if choices or content.pairs:
            add("choices", _("An essay question has no answers: a grader marks it."))
    else:
        add("type", _("“%(type)s” is not a question type.") % {"type": kind})

    if kind != QuestionType.NUMERICAL:
        for c in choices:
            if not -HUNDRED <= c.credit <= HUNDRED:
                add("choices", _("Credit must be between -100% and 100%."))
                break
    if content.points is None or content.points < 0:
        add("points", _("Points cannot be negative."))
    if errors:
        raise ValidationError(errors)


# Saving -----------------------------------------------------------------------


def version_is_frozen(version):
    """A version drawn for any attempt (even one in progress) must never change."""
    return version is not None and AttemptQuestion.objects.filter(question_version=version).exists()


def save_question(
    *,
    question=None,
    bank,
    category=None,
    name,
    content,
    archived=False,
    base_version_id=None,
    by=None,
):
    """
    Create a question, or apply an edit to one. Returns (question, outcome),
    outcome one of "created", "versioned", "changed", "unchanged".

    base_version_id is the version the author's form was loaded from: if the
    question has moved on since (someone else saved), the edit is refused
    rather than silently replacing their work.
    """
    if by is not None:
        perm = "assessments.change_question" if question else "assessments.add_question"
        if not by.has_perm(perm):
            raise PermissionDenied
    if category is not None and category.bank_id != bank.pk:
        raise ValidationError(
            {
                "category": _("The category “%(category)s” belongs to another bank.")
                % {"category": category.name}
            }
        )
    content.text = sanitise_rich_text(content.text)
    content.general_feedback = sanitise_rich_text(content.general_feedback)
    check_content(content)
    author = by if by is not None and by.is_authenticated else None

    with transaction.atomic():
        if question is None:
            question = Question.objects.create(
                bank=bank, category=category, name=name, archived=archived
            )
            version = _write_version(question, content, number=1, author=author)
            question.current_version = version
            question.save(update_fields=["current_version"])
            record(
                action="question.created",
                actor=by,
                target=question,
                after={"bank": bank.name, "name": name, **content.summary()},
            )
            return question, "created"

        # Lock the row: two authors saving at once make one new version, not a clash.
        question = Question.objects.select_for_update().get(pk=question.pk)
        current = question.current_version
        if base_version_id is not None and current is not None and current.pk != base_version_id:
            raise QuestionChanged(
                _(
                    "Someone else saved this question (now version %(number)s) since you opened "
                    "it. Reload to see their changes, then make yours again."
                )
                % {"number": current.number}
            )
        identity_before = {
            "bank": question.bank.name,
            "category": question.category.name if question.category else None,
            "name": question.name,
            "archived": question.archived,
        }
        question.bank, question.category, question.name = bank, category, name
        question.archived = archived
        identity_after = {
            "bank": bank.name,
            "category": category.name if category else None,
            "name": name,
            "archived": archived,
        }
        question.save(update_fields=["bank", "category", "name", "archived"])

        before = QuestionContent.of(current) if current else None
        content_changed = before is None or before.normalised() != content.normalised()
        if content_changed and version_is_frozen(current):
            version = _write_version(question, content, number=current.number + 1, author=author)
            question.current_version = version
            question.save(update_fields=["current_version"])
            record(
                action="question.versioned",
                actor=by,
                target=question,
                before={"version": current.number, **before.summary()},
                after={"version": version.number, **content.summary(), **identity_after},
            )
            return question, "versioned"
        if content_changed:
            _update_version(current, content)
        if content_changed or identity_before != identity_after:
            record(
                action="question.changed",
                actor=by,
                target=question,
                before={**identity_before, **(before.summary() if before else {})},
                after={**identity_after, **content.summary()},
            )
            return question, "changed"
    return question, "unchanged"


def _write_version(question, content, *, number, author):
    version = QuestionVersion.objects.create(
        question=question,
        number=number,
        created_by=author,
        **_version_fields(content),
    )
    _write_answers(version, content)
    return version


def _update_version(version, content):
    for name, value in _version_fields(content).items():
        setattr(version, name, value)
    version.save()
    version.choices.all().delete()
    version.pairs.all().delete()
    _write_answers(version, content)


def _version_fields(content):
    return {
        "type": content.type,
        "text": content.text,
        "points": content.points,
        "general_feedback": content.general_feedback,
        "multiple_scoring": content.multiple_scoring,
        "manual_review": bool(content.manual_review)
        if content.type == QuestionType.SHORT_ANSWER
        else False,
    }


def _write_answers(version, content):
    Choice.objects.bulk_create(
        Choice(
            version=version,
            order=order,
            text=c.text,
            credit=c.credit,
            feedback=c.feedback,
            low=c.low,
            high=c.high,
        )
        for order, c in enumerate(content.choices)
    )
    MatchPair.objects.bulk_create(
        MatchPair(version=version, order=order, prompt=p.prompt, answer=p.answer)
        for order, p in enumerate(content.pairs)
    )


def create_category(*, bank, name, by=None):
    """A category in bank; the existing one when the name is taken (case-insensitively)."""
    if by is not None and not by.has_perm("assessments.add_questioncategory"):
        raise PermissionDenied
    name = name.strip()
    existing = QuestionCategory.objects.filter(bank=bank, name__iexact=name).first()
    if existing:
        return existing
    with transaction.atomic():
        category = QuestionCategory.objects.create(bank=bank, name=name)
        record(action="question_category.created", actor=by, target=category, after={"name": name})
    return category


def delete_question(*, question, by=None):
    """
    Delete a question nobody has answered and no quiz uses. Answered or used
    questions are archived instead: QuestionInUse says why.
    """
    if by is not None and not by.has_perm("assessments.delete_question"):
        raise PermissionDenied
    attempts = AttemptQuestion.objects.filter(question_version__question=question).count()
    quizzes = question.quiz_slots.values("quiz").distinct().count()
    if attempts or quizzes:
        raise QuestionInUse(in_use_message(question, attempts, quizzes))
    summary = {"name": question.name, "bank": question.bank.name}
    pk = question.pk
    try:
        with transaction.atomic():
            Question.objects.filter(pk=pk).update(current_version=None)
            question.delete()
            question.pk = pk
            record(action="question.deleted", actor=by, target=question, before=summary)
    except ProtectedError as exc:
        # Answered between the count and the delete.
        raise QuestionInUse(in_use_message(question, 1, 0)) from exc


def in_use_message(question, attempts, quizzes):
    reasons = []
    if attempts:
        reasons.append(_("it has been answered in %(n)s attempt(s)") % {"n": attempts})
    if quizzes:
        reasons.append(_("%(n)s quiz(zes) use it") % {"n": quizzes})
    return _(
        "“%(name)s” cannot be deleted: %(reasons)s. Archive it instead, so it is no "
        "longer drawn for new attempts and past results keep it."
    ) % {"name": question.name, "reasons": _(" and ").join(reasons)}
