"""
Question banks. A question is a stable identity (its bank, category and name)
with numbered versions holding what the learner sees and how it is marked.
An edit to a question that has been answered makes a new version, so every
past attempt keeps the exact wording, choices and points it was marked on.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.search import index

QUESTION_RICH_TEXT_FEATURES = [
    "bold",
    "italic",
    "link",
    "ol",
    "ul",
    "code",
    "superscript",
    "subscript",
]


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple select")
    TRUE_FALSE = "true_false", _("True / false")
    SHORT_ANSWER = "short_answer", _("Short answer")
    NUMERICAL = "numerical", _("Numerical")
    MATCHING = "matching", _("Matching")
    ESSAY = "essay", _("Essay")


# Types whose answers are choices the learner picks from.
CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE)


class MultipleScoring(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("All or nothing")
    PARTIAL = "partial", _("Partial credit")


class QuestionBankQuerySet(models.QuerySet):
    def for_course(self, course):
        """The course's own banks and the shared ones."""
        return self.filter(models.Q(course=course) | models.Q(course__isnull=True))


class QuestionBank(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    course = models.ForeignKey(
        "courses.CoursePage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="question_banks",
        verbose_name=_("course"),
        help_text=_("Leave empty for a bank shared by every course."),
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionBankQuerySet.as_manager()

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("question bank")

    def __str__(self):
        return self.name


class QuestionCategory(models.Model):
    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        constraints = [
            models.UniqueConstraint(fields=["bank", "name"], name="assessments_category_unique")
        ]

    def __str__(self):
        return f"{self.bank} / {self.name}"


class QuestionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived=False)

    def with_current(self):
        return self.select_related("current_version", "category", "bank")


class Question(models.Model):
    bank = models.ForeignKey(QuestionBank, on_delete=models.PROTECT, related_name="questions")
    category = models.ForeignKey(
        QuestionCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        verbose_name=_("category"),
    )
    name = models.CharField(
        _("name"),
        max_length=255,
        help_text=_("A short title authors recognise; learners don't see it."),
    )
    # The version new attempts use; set by QuestionVersion creation.
    current_version = models.OneToOneField(
        "QuestionVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    archived = models.BooleanField(
        _("archived"),
        default=False,
        help_text=_("Archived questions are not drawn for new attempts."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["bank", "name", "pk"]
        verbose_name = _("question")

    def __str__(self):
        return self.name

    @property
    def has_attempts(self):
        from lms.assessments.models.attempts import AttemptQuestion

        return AttemptQuestion.objects.filter(question_version__question=self).exists()


class QuestionVersion(models.Model):
    """What a learner is asked and how it is marked, frozen once answered."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"), default=1)
    type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    text = RichTextField(_("question"), features=QUESTION_RICH_TEXT_FEATURES)
    points = models.DecimalField(
        _("points"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    general_feedback = RichTextField(
        _("general feedback"),
        features=QUESTION_RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Shown to every learner after the attempt, as the quiz allows."),
    )
    multiple_scoring = models.CharField(
        _("scoring"),
        max_length=20,
        choices=MultipleScoring.choices,
        default=MultipleScoring.ALL_OR_NOTHING,
        help_text=_("Multiple select only."),
    )
    manual_review = models.BooleanField(
        _("send unmatched answers to a grader"),
        default=False,
        help_text=_(
            "Short answer only: answers that match no accepted answer wait for a grader "
            "instead of scoring zero."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["question", "-number"]
        verbose_name = _("question version")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "number"], name="assessments_question_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.question} (v{self.number})"

    @property
    def is_choice_type(self):
        return self.type in CHOICE_TYPES

    @property
    def needs_manual_grading(self):
        """Always waits for a grader, whatever the answer."""
        return self.type == QuestionType.ESSAY


class Choice(models.Model):
    """
    An answer option (single, multiple, true/false), an accepted answer (short
    answer) or an accepted range (numerical). credit is a percentage of the
    question's points: 100 for a correct answer; partial and negative credit
    follow Moodle's rules, so GIFT's %50% weights keep their meaning.
    """

    version = models.ForeignKey(QuestionVersion, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("text"), blank=True)
    credit = models.DecimalField(
        _("credit %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("-100")), MaxValueValidator(Decimal("100"))],
    )
    feedback = models.TextField(_("feedback"), blank=True)
    low = models.DecimalField(
        _("from"),
        max_digits=20,
        decimal_places=8,
        null=True,
        blank=True,
        help_text=_("Numerical only."),
    )
    high = models.DecimalField(
        _("to"),
        max_digits=20,
        decimal_places=8,
        null=True,
        blank=True,
        help_text=_("Numerical only."),
    )

    class Meta:
        ordering = ["version", "order", "pk"]
        verbose_name = _("choice")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(credit__gte=-100, credit__lte=100),
                name="assessments_choice_credit_range",
            ),
            models.CheckConstraint(
                condition=models.Q(low__isnull=True)
                | models.Q(high__isnull=True)
                | models.Q(low__lte=models.F("high")),
                name="assessments_choice_range_ordered",
            ),
        ]

    def __str__(self):
        return self.text or f"{self.low}..{self.high}"

    @property
    def is_correct(self):
        return self.credit > 0


class MatchPair(models.Model):
    version = models.ForeignKey(QuestionVersion, on_delete=models.CASCADE, related_name="pairs")
    order = models.PositiveSmallIntegerField(default=0)
    prompt = models.TextField(_("prompt"))
    answer = models.CharField(_("matching answer"), max_length=255)

    class Meta:
        ordering = ["version", "order", "pk"]
        verbose_name = _("matching pair")

    def __str__(self):
        return f"{self.prompt} → {self.answer}"
