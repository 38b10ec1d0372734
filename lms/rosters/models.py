from django.conf import settings
from django.db import models
from django.db.models import Case, Count, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from lms.core.storage import private_storage


class RosterFormat(models.TextChoices):
    LECTERN = "lectern", _("Lectern template")
    MOODLE = "moodle", _("Moodle “Upload users” CSV")
    CANVAS = "canvas", _("Canvas SIS users.csv")
    CANVAS_ENROLLMENTS = "canvas_enrollments", _("Canvas SIS users.csv with enrollments.csv")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be checked")
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked, not applied")
    REFUSED = "refused", _("File refused")
    APPLYING = "applying", _("Applying")
    APPLIED = "applied", _("Applied")
    UNDONE = "undone", _("Undone")
    FAILED = "failed", _("Failed")


# While in one of these, a job is (or should be) working on the import and the
# admin page refreshes itself.
RUNNING_STATUSES = (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.APPLYING)


class RowOutcome(models.TextChoices):
    NEW_LEARNER = "new_learner", _("New learner, new enrolment")
    NEW_ENROLMENT = "new_enrolment", _("Existing learner, new enrolment")
    ALREADY_ENROLLED = "already_enrolled", _("Existing learner, already enrolled")
    REJECTED = "rejected", _("Rejected")


# Outcomes that write something when the import is applied.
WRITING_OUTCOMES = (RowOutcome.NEW_LEARNER, RowOutcome.NEW_ENROLMENT)


class RosterImportQuerySet(models.QuerySet):
    def for_cohort(self, cohort):
        return self.filter(cohort=cohort)

    def running(self):
        return self.filter(status__in=RUNNING_STATUSES)


class RosterImport(models.Model):
    """
    One roster file (or a Canvas users.csv/enrollments.csv pair) uploaded for a
    cohort: checked first (a dry run that stores every row's outcome), then
    applied in one transaction, and undoable afterwards. The row outcomes are
    the record of what the import did.
    """

    cohort = models.ForeignKey(
        "cohorts.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.PROTECT,
        related_name="roster_imports",
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="rosters/%Y/%m/", max_length=255
    )
    file_name = models.CharField(_("file name"), max_length=255)
    second_file = models.FileField(
        _("second file"),
        storage=private_storage,
        upload_to="rosters/%Y/%m/",
        max_length=255,
        blank=True,
        help_text=_("Canvas enrollments.csv uploaded with users.csv."),
    )
    second_file_name = models.CharField(_("second file name"), max_length=255, blank=True)
    format = models.CharField(_("format"), max_length=24, choices=RosterFormat.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    progress_percent = models.PositiveSmallIntegerField(
        _("progress"), default=0, help_text=_("How much of the file has been checked.")
    )
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_new_learner = models.PositiveIntegerField(_("new learners"), default=0)
    rows_new_enrolment = models.PositiveIntegerField(
        _("existing learners, new enrolment"), default=0
    )
    rows_already_enrolled = models.PositiveIntegerField(_("already enrolled"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rejected"), default=0)
    send_invitations = models.BooleanField(_("send invitations"), default=False)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    undo_withdrawn = models.PositiveIntegerField(_("enrolments withdrawn by undo"), default=0)
    undo_deactivated = models.PositiveIntegerField(_("people deactivated by undo"), default=0)
    undo_kept_people = models.PositiveIntegerField(
        _("people kept by undo"),
        default=0,
        help_text=_("Created by the import but active since, so not deactivated."),
    )
    error = models.TextField(
        _("error"),
        blank=True,
        help_text=_("Why the file was refused, or why the last attempt to apply it failed."),
    )

    objects = RosterImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")

    def __str__(self):
        return f"{self.file_name} → {self.cohort.code}"

    @property
    def file_names(self):
        return ", ".join(name for name in (self.file_name, self.second_file_name) if name)

    @property
    def is_running(self):
        return self.status in RUNNING_STATUSES

    @property
    def rows_to_write(self):
        return self.rows_new_learner + self.rows_new_enrolment

    @property
    def new_enrolments(self):
        return self.rows_new_learner + self.rows_new_enrolment

    @property
    def existing_learners(self):
        return self.rows_new_enrolment + self.rows_already_enrolled

    @property
    def rows_accepted(self):
        return self.rows_total - self.rows_rejected

    @property
    def can_apply(self):
        """Checked, and at least one row would write something."""
        return self.status == ImportStatus.CHECKED and self.rows_to_write > 0

    @property
    def can_undo(self):
        return self.status == ImportStatus.APPLIED and self.rows_to_write > 0

    def set_counts(self, counts):
        """counts: {outcome: number of rows}, as from RosterImportRowQuerySet.outcome_counts()."""
        self.rows_new_learner = counts.get(RowOutcome.NEW_LEARNER, 0)
        self.rows_new_enrolment = counts.get(RowOutcome.NEW_ENROLMENT, 0)
        self.rows_already_enrolled = counts.get(RowOutcome.ALREADY_ENROLLED, 0)
        self.rows_rejected = counts.get(RowOutcome.REJECTED, 0)
        self.rows_total = sum(counts.values())


class RosterImportRowQuerySet(models.QuerySet):
    def rejected(self):
        return self.filter(outcome=RowOutcome.REJECTED)

    def accepted(self):
        return self.exclude(outcome=RowOutcome.REJECTED)

    def rejected_first(self):
        return self.annotate(
            rejected_order=Case(
                When(outcome=RowOutcome.REJECTED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("rejected_order", "file_name", "line", "pk")

    def discard(self):
        """
        Delete the rows in one statement. Nothing cascades to roster rows and
        no receiver cares about them, but a project-wide post_delete receiver
        (lms.courses.signals) would make QuerySet.delete() load every row and
        send a signal for each, which costs seconds on large rosters.
        """
        return self._raw_delete(self.db)

    def outcome_counts(self):
        return dict(
            self.order_by()
            .values_list("outcome")
            .annotate(n=Count("pk"))
            .values_list("outcome", "n")
        )


class RosterImportRow(models.Model):
    """
    One line of a roster and what the import does (or did) with it. The
    person's details are kept as read, so the preview shows what the file
    said; names are text and are shown escaped.
    """

    # No index of its own: the two below begin with it, and SQLite would
    # otherwise pick it for the duplicate lookup and scan the whole import.
    roster_import = models.ForeignKey(
        RosterImport, on_delete=models.CASCADE, related_name="rows", db_index=False
    )
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    line = models.PositiveIntegerField(_("line"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=RowOutcome.choices)
    field = models.CharField(
        _("field"), max_length=100, blank=True, help_text=_("The column a rejection is about.")
    )
    message = models.CharField(
        _("reason or note"), max_length=500, blank=True, help_text=_("Why a row was rejected.")
    )
    email = models.CharField(_("e-mail address"), max_length=254, blank=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    department = models.CharField(_("department"), max_length=120, blank=True)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    employee_id = models.CharField(_("employee id"), max_length=64, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enrollment = models.ForeignKey(
        "cohorts.Enrollment",
        verbose_name=_("enrolment created"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RosterImportRowQuerySet.as_manager()

    class Meta:
        ordering = ["file_name", "line", "pk"]
        default_permissions = ()
        verbose_name = _("roster import row")
        indexes = [
            # Finding the first line of a duplicate, one query per chunk.
            models.Index(fields=["roster_import", "email"], name="rosters_row_import_email"),
            models.Index(fields=["roster_import", "outcome"], name="rosters_row_import_outcome"),
        ]

    def __str__(self):
        return f"{self.file_name}:{self.line} {self.outcome}"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_new_learner(self):
        return self.outcome == RowOutcome.NEW_LEARNER

    @property
    def is_existing_learner(self):
        return self.outcome in (RowOutcome.NEW_ENROLMENT, RowOutcome.ALREADY_ENROLLED)

    @property
    def is_new_enrolment(self):
        return self.outcome in WRITING_OUTCOMES

    @property
    def is_already_enrolled(self):
        return self.outcome == RowOutcome.ALREADY_ENROLLED

    @property
    def is_rejected(self):
        return self.outcome == RowOutcome.REJECTED
