"""
Assignments: work a learner hands in (files, text or both) and an instructor
grades, by score or with a rubric. Files are kept in private storage under
generated names and only ever served as downloads after a permission check.
"""

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin
from wagtail.search import index

from lms.assessments.filechecks import SUPPORTED_EXTENSIONS

# Re-exported: the 0001 migration refers to this path.
from lms.core.storage import private_storage


class LatePolicy(models.TextChoices):
    ACCEPT = "accept", _("Accept late work")
    MARK_LATE = "mark_late", _("Accept, marked late")
    REFUSE = "refuse", _("Refuse after the due date")


class ResubmissionPolicy(models.TextChoices):
    NONE = "none", _("One submission only")
    UNTIL_GRADED = "until_graded", _("Allowed until graded")
    LIMITED = "limited", _("A set number of times")


class RubricLevelBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("level"), max_length=80)
    points = blocks.DecimalBlock(label=_("points"), min_value=0, decimal_places=2)
    description = blocks.TextBlock(label=_("what it looks like"), required=False)

    class Meta:
        icon = "pick"


class RubricCriterionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("criterion"), max_length=120)
    description = blocks.TextBlock(required=False)
    levels = blocks.ListBlock(RubricLevelBlock(), min_num=2, label=_("levels"))

    class Meta:
        icon = "list-ul"


class Rubric(index.Indexed, models.Model):
    """Criteria by levels with points. Grades copy what they used, so edits don't rewrite them."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    criteria = StreamField(
        [("criterion", RubricCriterionBlock())], min_num=1, verbose_name=_("criteria")
    )

    panels = [FieldPanel("name"), FieldPanel("criteria")]
    search_fields = [index.SearchField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("rubric")

    def __str__(self):
        return self.name

    @property
    def max_points(self):
        return sum(
            (
                max((level["points"] for level in c.value["levels"]), default=Decimal(0))
                for c in self.criteria
            ),
            Decimal(0),
        )


class AssignmentQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)

    def for_course(self, course):
        return self.filter(course=course)

    def visible_to(self, user):
        """Live assignments of the courses user may read (enrolled, teaching, or staff)."""
        from lms.progress.access import readable_course_ids

        course_ids = readable_course_ids(user)
        live = self.live()
        return live if course_ids is None else live.filter(course_id__in=course_ids)


class Assignment(LockableMixin, DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    title = models.CharField(_("title"), max_length=255)
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="assignments"
    )
    instructions = RichTextField(
        _("instructions"), features=["bold", "italic", "link", "ol", "ul", "h3", "h4", "code"]
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    accept_files = models.BooleanField(_("accept files"), default=True)
    accept_text = models.BooleanField(_("accept text"), default=False)
    allowed_file_types = models.CharField(
        _("allowed file types"),
        max_length=200,
        default="pdf, docx, xlsx, pptx, png, jpg",
        help_text=_(
            "Extensions separated by commas. Each file's content is checked too, not only its name."
        ),
    )
    max_file_size_mb = models.PositiveSmallIntegerField(
        _("largest file (MB)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    max_files = models.PositiveSmallIntegerField(
        _("files per submission"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    late_policy = models.CharField(
        _("late work"), max_length=12, choices=LatePolicy.choices, default=LatePolicy.MARK_LATE
    )
    resubmission = models.CharField(
        _("resubmission"),
        max_length=14,
        choices=ResubmissionPolicy.choices,
        default=ResubmissionPolicy.UNTIL_GRADED,
    )
    max_submissions = models.PositiveSmallIntegerField(
        _("submissions allowed"), default=1, help_text=_("With “a set number of times”.")
    )
    points = models.DecimalField(
        _("points"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("100"),
        help_text=_("With a rubric, the rubric's top levels decide the points."),
    )
    pass_score = models.PositiveSmallIntegerField(
        _("pass score %"), default=50, validators=[MaxValueValidator(100)]
    )
    rubric = models.ForeignKey(
        Rubric, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )

    objects = AssignmentQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("title"), FieldPanel("course"), FieldPanel("due_at")],
            heading=_("Assignment"),
        ),
        FieldPanel("instructions"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("accept_files"), FieldPanel("accept_text")]),
                FieldPanel("allowed_file_types"),
                FieldRowPanel([FieldPanel("max_file_size_mb"), FieldPanel("max_files")]),
                FieldRowPanel(
                    [
                        FieldPanel("late_policy"),
                        FieldPanel("resubmission"),
                        FieldPanel("max_submissions"),
                    ]
                ),
            ],
            heading=_("Submissions"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("points"), FieldPanel("pass_score")]), FieldPanel("rubric")],
            heading=_("Grading"),
        ),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["course", "title"]
        verbose_name = _("assignment")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if not (self.accept_files or self.accept_text):
            raise ValidationError(
                {"accept_files": _("Accept files, text or both: learners need a way to hand in.")}
            )
        unknown = [ext for ext in self.file_extensions if not ext.isalnum()]
        if unknown:
            raise ValidationError(
                {
                    "allowed_file_types": _("“%(ext)s” is not a file extension.")
                    % {"ext": unknown[0]}
                }
            )
        unchecked = [ext for ext in self.file_extensions if ext not in SUPPORTED_EXTENSIONS]
        if self.accept_files and unchecked:
            raise ValidationError(
                {
                    "allowed_file_types": _(
                        "Lectern cannot check the content of “%(ext)s” files. Supported: "
                        "%(supported)s."
                    )
                    % {"ext": unchecked[0], "supported": ", ".join(sorted(SUPPORTED_EXTENSIONS))}
                }
            )

    @property
    def file_extensions(self):
        return [
            ext.strip().lower().lstrip(".")
            for ext in self.allowed_file_types.split(",")
            if ext.strip()
        ]

    @property
    def max_points(self):
        return self.rubric.max_points if self.rubric_id else self.points

    def is_late(self, now=None):
        return bool(self.due_at and (now or timezone.now()) > self.due_at)


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting grading")
    GRADED = "graded", _("Graded")
    SUPERSEDED = "superseded", _("Replaced by a resubmission")


class SubmissionQuerySet(models.QuerySet):
    def for_learner(self, user):
        return self.filter(learner=user)

    def awaiting_grading(self):
        return self.filter(status=SubmissionStatus.SUBMITTED)

    def visible_to(self, user):
        from lms.accounts.roles import Role

        if not user.is_authenticated:
            return self.none()
        if user.is_operations_staff:
            return self
        scopes = Q(learner=user)
        if user.has_role(Role.INSTRUCTOR):
            scopes |= Q(enrollment__cohort__instructors=user)
        return self.filter(scopes).distinct()

    def gradable_by(self, user):
        from lms.assessments.models.attempts import gradable_by

        return gradable_by(self, user, "enrollment")

    def grading_queue(self):
        """Submissions waiting for a grader, oldest first."""
        return self.awaiting_grading().order_by("submitted_at", "pk")

    def graded(self):
        return self.filter(status=SubmissionStatus.GRADED)

    def for_course(self, course):
        return self.filter(assignment__course=course)

    def for_cohort(self, cohort):
        return self.filter(enrollment__cohort=cohort)

    def for_assignment(self, assignment):
        return self.filter(assignment=assignment)

    def waiting_since_before(self, moment):
        """
        Waiting since before moment. Work handed in before the due date is
        counted from the due date: graders start when the assignment closes.
        """
        return self.filter(submitted_at__lt=moment).filter(
            Q(assignment__due_at__isnull=True) | Q(assignment__due_at__lt=moment)
        )


class Submission(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="submissions")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submissions"
    )
    enrollment = models.ForeignKey(
        "cohorts.Enrollment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    number = models.PositiveSmallIntegerField(_("submission"), default=1)
    text = models.TextField(_("text"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    is_late = models.BooleanField(_("late"), default=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
    )
    max_score = models.DecimalField(_("out of"), max_digits=8, decimal_places=2)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    feedback = models.TextField(_("feedback to the learner"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    graded_at = models.DateTimeField(_("graded"), null=True, blank=True)
    grade_revision = models.PositiveIntegerField(default=0)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("submission")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "learner", "number"], name="assessments_submission_number"
            )
        ]
        indexes = [
            models.Index(
                fields=["status", "submitted_at"],
                name="assessments_sub_queue",
                condition=Q(status="submitted"),
            )
        ]

    def __str__(self):
        return f"{self.assignment} — {self.learner} #{self.number}"


def submission_file_name(instance, filename):
    """A generated name: the learner's file name is kept in the row, never on disk."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"submissions/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class SubmissionFile(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(storage=private_storage, upload_to=submission_file_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=100)

    class Meta:
        ordering = ["submission", "pk"]
        verbose_name = _("submitted file")

    def __str__(self):
        return self.original_name


class RubricScore(models.Model):
    """The level a grader chose for one criterion, copied from the rubric at grading time."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="rubric_scores"
    )
    criterion_id = models.CharField(max_length=64)
    criterion = models.CharField(_("criterion"), max_length=120)
    level = models.CharField(_("level"), max_length=80)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["submission", "pk"]
        verbose_name = _("rubric score")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "criterion_id"], name="assessments_rubric_score_unique"
            )
        ]

    def __str__(self):
        return f"{self.criterion}: {self.level}"


class GradeChange(models.Model):
    """
    Every manual grade and regrade: who, old, new, when, why. The audit log
    has the same events; this table lets the grading screens show an item's
    history without searching the log.
    """

    attempt_question = models.ForeignKey(
        "assessments.AttemptQuestion",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="grade_changes",
    )
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="grade_changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    old_score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    new_score = models.DecimalField(max_digits=8, decimal_places=2)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-changed_at"]
        verbose_name = _("grade change")
        constraints = [
            models.CheckConstraint(
                condition=Q(attempt_question__isnull=False, submission__isnull=True)
                | Q(attempt_question__isnull=True, submission__isnull=False),
                name="assessments_grade_change_one_target",
            )
        ]

    def __str__(self):
        return f"{self.old_score} → {self.new_score}"
