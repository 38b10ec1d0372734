"""
The question editor's form: the question's identity (bank, category, name)
and its current version's content, with one formset per kind of answer.
Only the formset the chosen type uses is read; the rules about what each
type needs are services.questions.check_content, shared with every caller.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms.formsets import BaseFormSetMixin
from wagtail.admin.rich_text import DraftailRichTextArea

from lms.assessments.models import (
    MultipleScoring,
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionType,
)
from lms.assessments.models.banks import CHOICE_TYPES, QUESTION_RICH_TEXT_FEATURES
from lms.assessments.services.questions import (
    ChoiceData,
    PairData,
    QuestionContent,
    check_content,
    number_text,
)

CREDIT_VALIDATORS = [MinValueValidator(Decimal("-100")), MaxValueValidator(Decimal("100"))]
ANSWER_PARTS = {
    "choices": gettext_lazy("Choices"),
    "ranges": gettext_lazy("Ranges"),
    "pairs": gettext_lazy("Pairs"),
}


class ChoiceForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Choice or accepted answer"), required=False)
    credit = forms.DecimalField(
        label=gettext_lazy("Credit %"),
        initial=Decimal("0"),
        max_digits=5,
        decimal_places=2,
        validators=CREDIT_VALIDATORS,
        required=False,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    feedback = forms.CharField(label=gettext_lazy("Feedback"), required=False)

    def clean(self):
        data = super().clean()
        if not self.errors and self.has_changed() and not (data.get("text") or "").strip():
            self.add_error("text", _("Enter the choice's text, or delete the row."))
        return data


class RangeForm(forms.Form):
    """A value with a tolerance, or a range from..to; stored as a range."""

    value = forms.DecimalField(
        label=gettext_lazy("Value"), required=False, max_digits=20, decimal_places=8
    )
    tolerance = forms.DecimalField(
        label=gettext_lazy("± tolerance"),
        required=False,
        max_digits=20,
        decimal_places=8,
        min_value=Decimal("0"),
    )
    low = forms.DecimalField(
        label=gettext_lazy("or from"), required=False, max_digits=20, decimal_places=8
    )
    high = forms.DecimalField(
        label=gettext_lazy("to"), required=False, max_digits=20, decimal_places=8
    )
    credit = forms.DecimalField(
        label=gettext_lazy("Credit %"),
        initial=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        validators=CREDIT_VALIDATORS,
        required=False,
    )
    feedback = forms.CharField(label=gettext_lazy("Feedback"), required=False)

    def clean(self):
        data = super().clean()
        if self.errors or not self.has_changed():
            return data
        value, tolerance = data.get("value"), data.get("tolerance")
        low, high = data.get("low"), data.get("high")
        if value is not None and (low is not None or high is not None):
            raise ValidationError(_("Give either a value ± tolerance or a range, not both."))
        if value is not None:
            tolerance = tolerance or Decimal("0")
            data["low"], data["high"] = value - tolerance, value + tolerance
        elif low is None or high is None:
            raise ValidationError(_("Give a value (with a tolerance), or both ends of a range."))
        elif low > high:
            self.add_error("high", _("“To” must not be less than “from” (%(low)s).") % {"low": low})
        return data


class PairForm(forms.Form):
    prompt = forms.CharField(label=gettext_lazy("Prompt"), required=False)
    answer = forms.CharField(label=gettext_lazy("Matching answer"), required=False, max_length=255)

    def clean(self):
        data = super().clean()
        if not self.errors and self.has_changed():
            for name in ("prompt", "answer"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, _("Both sides of a pair are needed."))
        return data


class AnswerFormSet(BaseFormSetMixin, forms.BaseFormSet):
    def rows(self):
        """Filled, not deleted rows, in order."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.has_changed() and not form.cleaned_data.get("DELETE")
        ]


ChoiceFormSet = forms.formset_factory(ChoiceForm, formset=AnswerFormSet, extra=0, can_delete=True)
RangeFormSet = forms.formset_factory(RangeForm, formset=AnswerFormSet, extra=0, can_delete=True)
PairFormSet = forms.formset_factory(PairForm, formset=AnswerFormSet, extra=0, can_delete=True)

# Blank rows offered on a new question, so the form works without JavaScript.
NEW_ROWS = {"choices": 4, "ranges": 1, "pairs": 3}


def grouped_categories():
    """Categories as optgroups per bank, for the category select."""
    groups = {}
    for category in QuestionCategory.objects.select_related("bank").order_by("bank__name", "name"):
        groups.setdefault(category.bank.name, []).append((str(category.pk), category.name))
    return [("", "---------"), *groups.items()]


class QuestionForm(forms.ModelForm):
    category = forms.ChoiceField(label=gettext_lazy("Category"), required=False)
    new_category = forms.CharField(
        label=gettext_lazy("or a new category"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Created in the question's bank when you save."),
    )
    type = forms.ChoiceField(label=gettext_lazy("Type"), choices=QuestionType.choices)
    text = forms.CharField(
        label=gettext_lazy("Question"),
        widget=DraftailRichTextArea(features=QUESTION_RICH_TEXT_FEATURES),
    )
    points = forms.DecimalField(
        label=gettext_lazy("Points"),
        initial=Decimal("1"),
        min_value=Decimal("0"),
        max_digits=6,
        decimal_places=2,
    )
    general_feedback = forms.CharField(
        label=gettext_lazy("General feedback"),
        required=False,
        widget=DraftailRichTextArea(features=QUESTION_RICH_TEXT_FEATURES),
        help_text=gettext_lazy("Shown to every learner after the attempt, as the quiz allows."),
    )
    multiple_scoring = forms.ChoiceField(
        label=gettext_lazy("Scoring"),
        choices=MultipleScoring.choices,
        initial=MultipleScoring.ALL_OR_NOTHING,
        help_text=gettext_lazy(
            "All or nothing: full points only for exactly the correct choices. Partial: each "
            "choice adds its credit; wrong ones may take credit away."
        ),
    )
    manual_review = forms.BooleanField(
        label=gettext_lazy("Send unmatched answers to a grader"),
        required=False,
        help_text=gettext_lazy(
            "Answers matching no accepted answer wait for a grader instead of scoring zero."
        ),
    )
    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Question
        fields = ["bank", "name", "archived"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = QuestionBank.objects.order_by("name")
        self.fields["category"].choices = grouped_categories()
        version = self.instance.current_version if self.instance.pk else None
        if version is not None:
            self.initial.update(
                {
                    "category": str(self.instance.category_id or ""),
                    "type": version.type,
                    "text": version.text,
                    "points": version.points,
                    "general_feedback": version.general_feedback,
                    "multiple_scoring": version.multiple_scoring,
                    "manual_review": version.manual_review,
                    "base_version": version.pk,
                }
            )
        self.formsets = self._make_formsets(version)

    def _make_formsets(self, version):
        if self.is_bound:
            return {
                "choices": ChoiceFormSet(self.data, prefix="choices"),
                "ranges": RangeFormSet(self.data, prefix="ranges"),
                "pairs": PairFormSet(self.data, prefix="pairs"),
            }
        choices = ranges = pairs = []
        if version is not None:
            rows = list(version.choices.all())
            if version.type == QuestionType.NUMERICAL:
                ranges = [
                    {"low": c.low, "high": c.high, "credit": c.credit, "feedback": c.feedback}
                    for c in rows
                ]
            else:
                choices = [
                    {"text": c.text, "credit": c.credit, "feedback": c.feedback} for c in rows
                ]
            pairs = [{"prompt": p.prompt, "answer": p.answer} for p in version.pairs.all()]
        else:
            choices = [{} for _ in range(NEW_ROWS["choices"])]
            ranges = [{} for _ in range(NEW_ROWS["ranges"])]
            pairs = [{} for _ in range(NEW_ROWS["pairs"])]
        return {
            "choices": ChoiceFormSet(initial=choices or None, prefix="choices"),
            "ranges": RangeFormSet(initial=ranges or None, prefix="ranges"),
            "pairs": PairFormSet(initial=pairs or None, prefix="pairs"),
        }

    @property
    def media(self):
        return super().media + self.formsets["choices"].media

    def answer_part(self):
        """Which formset the chosen type reads (None for essays)."""
        kind = self.cleaned_data.get("type") if hasattr(self, "cleaned_data") else None
        kind = kind or self.initial.get("type") or self.data.get("type")
        if kind in CHOICE_TYPES or kind == QuestionType.SHORT_ANSWER:
            return "choices"
        if kind == QuestionType.NUMERICAL:
            return "ranges"
        if kind == QuestionType.MATCHING:
            return "pairs"
        return None

    def clean_category(self):
        value = self.cleaned_data.get("category")
        if not value:
            return None
        category = QuestionCategory.objects.filter(pk=value).first()
        if category is None:
            raise ValidationError(_("That category no longer exists."))
        return category

    def clean(self):
        data = super().clean()
        bank, category = data.get("bank"), data.get("category")
        if bank and category and category.bank_id != bank.pk:
            self.add_error(
                "category",
                _("“%(category)s” is a category of the bank “%(other)s”, not of “%(bank)s”.")
                % {"category": category.name, "other": category.bank.name, "bank": bank.name},
            )
        if data.get("new_category") and category:
            self.add_error("new_category", _("Choose a category or name a new one, not both."))

        part = self.answer_part()
        formset = self.formsets.get(part) if part else None
        if formset is not None and not formset.is_valid():
            self.add_error(
                None,
                _("%(part)s: correct the rows marked below.") % {"part": ANSWER_PARTS[part]},
            )
            return data
        if self.errors or "type" not in data:
            return data
        self.content = self.build_content(data, formset.rows() if formset else [])
        try:
            check_content(self.content)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                if key in ANSWER_PARTS:
                    for message in messages:
                        self.add_error(None, f"{ANSWER_PARTS[key]}: {message}")
                else:
                    self.add_error(key if key in self.fields else None, messages)
        return data

    def build_content(self, data, rows):
        kind = data["type"]
        choices, pairs = [], []
        if kind == QuestionType.NUMERICAL:
            choices = [
                ChoiceData(
                    text=f"{number_text(row['low'])}..{number_text(row['high'])}",
                    credit=row.get("credit") if row.get("credit") is not None else Decimal(100),
                    feedback=row.get("feedback") or "",
                    low=row["low"],
                    high=row["high"],
                )
                for row in rows
            ]
        elif kind == QuestionType.MATCHING:
            pairs = [PairData(row["prompt"].strip(), row["answer"].strip()) for row in rows]
        elif kind != QuestionType.ESSAY:
            choices = [
                ChoiceData(
                    text=row["text"].strip(),
                    credit=row.get("credit") or Decimal(0),
                    feedback=row.get("feedback") or "",
                )
                for row in rows
            ]
        return QuestionContent(
            type=kind,
            text=data.get("text") or "",
            points=data.get("points") if data.get("points") is not None else Decimal(1),
            general_feedback=data.get("general_feedback") or "",
            multiple_scoring=data.get("multiple_scoring") or MultipleScoring.ALL_OR_NOTHING,
            manual_review=bool(data.get("manual_review")),
            choices=choices,
            pairs=pairs,
        )
