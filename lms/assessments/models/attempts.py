"""
A learner's attempt at a quiz, and one row per question drawn for it. The
row points at the question version asked, so later edits never change what
an attempt was marked on.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GRADE_PERMISSION = "assessments.grade"


def gradable_by(queryset, user, enrollment_field):
    """
    Rows of queryset user may grade, reached through enrollment_field: none
    without the grade permission, all for operations staff, and for
    instructors the work of the cohorts they teach. A subquery rather than a
    join, so an item never appears twice when a cohort has several instructors.
    """
    from lms.cohorts.models import Cohort

    if not user.is_authenticated or not user.has_perm(GRADE_PERMISSION):
        return queryset.none()
    if user.is_operations_staff:
        return queryset
    taught = Cohort.objects.filter(instructors=user).values("pk")
    return queryset.filter(**{f"{enrollment_field}__cohort__in": taught})


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_GRADING = "awaiting_grading", _("Awaiting grading")
    GRADED = "graded", _("Graded")


class AttemptQuerySet(models.QuerySet):
    def for_learner(self, user):
        return self.filter(learner=user)

    def submitted(self):
        return self.exclude(status=AttemptStatus.IN_PROGRESS)

    def graded(self):
        return self.filter(status=AttemptStatus.GRADED)

    def visible_to(self, user):
        """The learner's own attempts; an instructor's cohorts; all for staff."""
        from lms.accounts.roles import Role

        if not user.is_authenticated:
            return self.none()
        if user.is_operations_staff:
            return self
        scopes = Q(learner=user)
        if user.has_role(Role.INSTRUCTOR):
            scopes |= Q(enrollment__cohort__instructors=user)
        return self.filter(scopes).distinct()


class Attempt(models.Model):
    quiz = models.ForeignKey("assessments.Quiz", on_delete=models.PROTECT, related_name="attempts")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="quiz_attempts"
    )
    enrollment = models.ForeignKey(
        "cohorts.Enrollment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quiz_attempts",
        help_text=_("The enrolment the attempt counts towards; it decides who grades it."),
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    status = models.CharField(
        _("status"), max_length=20, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    deadline = models.DateTimeField(
        _("time limit"), null=True, blank=True, help_text=_("Start plus the quiz's time limit.")
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    closed_at_limit = models.BooleanField(
        _("closed at the time limit"),
        default=False,
        help_text=_("Submitted by the server because the time limit and grace had passed."),
    )
    # Copied from the quiz when the attempt starts: a later change of the
    # pass mark does not change a result already given.
    pass_score = models.PositiveSmallIntegerField(_("pass score %"))
    max_score = models.DecimalField(_("out of"), max_digits=8, decimal_places=2, default=0)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    percent = models.DecimalField(_("%"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    graded_at = models.DateTimeField(_("graded"), null=True, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("quiz attempt")
        permissions = [("grade", "Can grade quiz answers and assignment submissions")]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "learner", "number"], name="assessments_attempt_number_unique"
            ),
            # One open attempt per learner per quiz: two tabs resume the same one.
            models.UniqueConstraint(
                fields=["quiz", "learner"],
                condition=Q(status="in_progress"),
                name="assessments_one_open_attempt",
            ),
        ]
        indexes = [models.Index(fields=["learner", "quiz"], name="assessments_att_learner_quiz")]

    def __str__(self):
        return f"{self.quiz} — {self.learner} #{self.number}"

    @property
    def is_open(self):
        return self.status == AttemptStatus.IN_PROGRESS

    def time_is_up(self, now=None):
        """Past the limit and its grace: answers no longer count."""
        if self.deadline is None:
            return False
        now = now or timezone.now()
        return now > self.deadline + self.quiz.grace

    def recompute(self, now=None):
        """
        Total the questions' marks and set status, percent and pass from them.
        While any question waits for a grader the attempt awaits grading and
        has no result. The caller saves (inside its transaction).
        """
        rows = list(self.questions.all())
        self.max_score = sum((row.points for row in rows), Decimal(0))
        if any(row.needs_grading for row in rows):
            self.status = AttemptStatus.AWAITING_GRADING
            self.score = self.percent = self.passed = self.graded_at = None
            return
        self.status = AttemptStatus.GRADED
        self.score = sum((row.score or Decimal(0) for row in rows), Decimal(0))
        self.percent = (
            (self.score * 100 / self.max_score).quantize(Decimal("0.01"))
            if self.max_score
            else Decimal(100)
        )
        self.passed = self.percent >= self.pass_score
        self.graded_at = now or timezone.now()

    def seconds_left(self, now=None):
        if self.deadline is None:
            return None
        now = now or timezone.now()
        return max(0, int((self.deadline - now).total_seconds()))


class AttemptQuestionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The learner's own answers; an instructor's cohorts; all for staff."""
        from lms.accounts.roles import Role

        if not user.is_authenticated:
            return self.none()
        if user.is_operations_staff:
            return self
        scopes = Q(attempt__learner=user)
        if user.has_role(Role.INSTRUCTOR):
            from lms.cohorts.models import Cohort

            scopes |= Q(
                attempt__enrollment__cohort__in=Cohort.objects.filter(instructors=user).values("pk")
            )
        return self.filter(scopes)

    def gradable_by(self, user):
        return gradable_by(self, user, "attempt__enrollment")

    def submitted(self):
        return self.exclude(attempt__status=AttemptStatus.IN_PROGRESS)

    def awaiting_grading(self):
        """Answers of submitted attempts that wait for a grader."""
        return self.submitted().filter(needs_grading=True)

    def manually_graded(self):
        return self.filter(needs_grading=False, graded_by__isnull=False)

    def grading_queue(self):
        """Answers waiting for a grader, oldest submission first."""
        return self.awaiting_grading().order_by("attempt__submitted_at", "pk")

    def for_course(self, course):
        return self.filter(attempt__quiz__course=course)

    def for_cohort(self, cohort):
        return self.filter(attempt__enrollment__cohort=cohort)

    def for_quiz(self, quiz):
        return self.filter(attempt__quiz=quiz)

    def waiting_since_before(self, moment):
        """Waiting for a grader since before moment (overdue when moment is the turnaround)."""
        return self.filter(attempt__submitted_at__lt=moment)


class AttemptQuestion(models.Model):
    """A question as drawn for one attempt, the learner's answer and its mark."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    question_version = models.ForeignKey(
        "assessments.QuestionVersion", on_delete=models.PROTECT, related_name="attempt_questions"
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    # The order the learner sees choices (or matching answers) in: a list of
    # ids fixed at the start, so a reload doesn't reshuffle.
    presentation = models.JSONField(default=list, blank=True)
    # The answer's shape depends on the question type (a choice id, a list of
    # ids, text, a number as text, {pair id: answer}); see lms.assessments.grading.
    response = models.JSONField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    needs_grading = models.BooleanField(_("waiting for a grader"), default=False)
    feedback = models.TextField(_("feedback to the learner"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    graded_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every manual grade: a grader's form carries the value it saw,
    # and a save against a newer one is refused instead of overwriting.
    grade_revision = models.PositiveIntegerField(default=0)

    objects = AttemptQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["attempt", "order"]
        verbose_name = _("attempt question")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "order"], name="assessments_attempt_question_order"
            )
        ]
        indexes = [
            models.Index(
                fields=["needs_grading", "answered_at"],
                name="assessments_aq_queue",
                condition=Q(needs_grading=True),
            )
        ]

    def __str__(self):
        return f"{self.attempt} Q{self.order}"
