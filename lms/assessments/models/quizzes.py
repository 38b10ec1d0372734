"""
Quizzes: a snippet with drafts and revisions. The database row holds the
published quiz; drafts live in revisions until an author publishes them, so
learners always take what was last published.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, RevisionMixin
from wagtail.search import index


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Highest attempt")
    LAST = "last", _("Last attempt")
    AVERAGE = "average", _("Average of attempts")


class ReviewPolicy(models.TextChoices):
    """When a learner may see correct answers, or feedback, after an attempt."""

    IMMEDIATELY = "immediately", _("Right after each attempt")
    AFTER_PASS = "after_pass", _("Once the learner has passed")
    AFTER_LAST_ATTEMPT = "after_last_attempt", _("Once the learner passed or has no attempts left")
    AFTER_CLOSE = "after_close", _("After the quiz closes")
    NEVER = "never", _("Never")


class QuizQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)

    def for_course(self, course):
        return self.filter(course=course)


class Quiz(LockableMixin, DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel):
    title = models.CharField(_("title"), max_length=255)
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="quizzes",
        verbose_name=_("course"),
    )
    is_final_assessment = models.BooleanField(
        _("course's final assessment"),
        default=False,
        help_text=_("The quiz that decides the course's final result. One per course."),
    )
    instructions = RichTextField(
        _("instructions"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    pass_score = models.PositiveSmallIntegerField(
        _("pass score %"), default=70, validators=[MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=0, help_text=_("0 means unlimited.")
    )
    grading_method = models.CharField(
        _("grade by"), max_length=10, choices=GradingMethod.choices, default=GradingMethod.HIGHEST
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    grace_seconds = models.PositiveSmallIntegerField(
        _("grace period (seconds)"),
        default=60,
        help_text=_("Answers saved this long after the limit still count (slow networks)."),
    )
    available_from = models.DateTimeField(_("opens"), null=True, blank=True)
    available_until = models.DateTimeField(_("closes"), null=True, blank=True)
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=False)
    show_correct_answers = models.CharField(
        _("show correct answers"),
        max_length=20,
        choices=ReviewPolicy.choices,
        default=ReviewPolicy.AFTER_LAST_ATTEMPT,
    )
    show_feedback = models.CharField(
        _("show feedback"),
        max_length=20,
        choices=ReviewPolicy.choices,
        default=ReviewPolicy.IMMEDIATELY,
    )

    objects = QuizQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("title"), FieldPanel("course"), FieldPanel("is_final_assessment")],
            heading=_("Quiz"),
        ),
        FieldPanel("instructions"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("pass_score"),
                        FieldPanel("max_attempts"),
                        FieldPanel("grading_method"),
                    ]
                ),
                FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("grace_seconds")]),
                FieldRowPanel([FieldPanel("available_from"), FieldPanel("available_until")]),
                FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]),
                FieldRowPanel([FieldPanel("show_correct_answers"), FieldPanel("show_feedback")]),
            ],
            heading=_("Rules"),
        ),
        InlinePanel("slots", heading=_("Questions"), label=_("Question"), min_num=1),
    ]

    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["course", "title"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.UniqueConstraint(
                fields=["course"],
                condition=Q(is_final_assessment=True),
                name="assessments_one_final_quiz_per_course",
                violation_error_message=_("This course already has a final assessment."),
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if (
            self.available_from
            and self.available_until
            and self.available_until <= self.available_from
        ):
            raise ValidationError({"available_until": _("The quiz must close after it opens.")})

    @property
    def time_limit(self):
        if not self.time_limit_minutes:
            return None
        return datetime.timedelta(minutes=self.time_limit_minutes)

    @property
    def grace(self):
        return datetime.timedelta(seconds=self.grace_seconds)

    def is_open(self, now=None):
        now = now or timezone.now()
        if self.available_from and now < self.available_from:
            return False
        return not (self.available_until and now >= self.available_until)

    def has_closed(self, now=None):
        now = now or timezone.now()
        return bool(self.available_until and now >= self.available_until)

    @property
    def question_count(self):
        """Questions an attempt draws: fixed ones plus each random draw."""
        return sum(slot.draw_count if slot.category_id else 1 for slot in self.slots.all())


class QuizSlot(Orderable):
    """One fixed question, or N questions drawn at random from a category."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="slots")
    question = models.ForeignKey(
        "assessments.Question",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quiz_slots",
        verbose_name=_("question"),
    )
    category = models.ForeignKey(
        "assessments.QuestionCategory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quiz_slots",
        verbose_name=_("or draw from category"),
    )
    draw_count = models.PositiveSmallIntegerField(
        _("how many to draw"), default=1, help_text=_("With a category: questions drawn at random.")
    )

    panels = [
        FieldRowPanel([FieldPanel("question"), FieldPanel("category"), FieldPanel("draw_count")])
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("quiz question")
        constraints = [
            models.CheckConstraint(
                condition=(Q(question__isnull=False) & Q(category__isnull=True))
                | (Q(question__isnull=True) & Q(category__isnull=False)),
                name="assessments_slot_question_or_category",
            )
        ]

    def __str__(self):
        if self.category_id:
            return _("%(count)s from %(category)s") % {
                "count": self.draw_count,
                "category": self.category,
            }
        return str(self.question)

    def clean(self):
        super().clean()
        if bool(self.question_id) == bool(self.category_id):
            raise ValidationError(
                {"question": _("Choose either one question or a category to draw from.")}
            )
        if self.category_id:
            available = self.category.questions.active().count()
            if self.draw_count < 1:
                raise ValidationError({"draw_count": _("Draw at least one question.")})
            if self.draw_count > available:
                raise ValidationError(
                    {
                        "draw_count": _(
                            "The category %(category)s has only %(available)s questions."
                        )
                        % {"category": self.category.name, "available": available}
                    }
                )
