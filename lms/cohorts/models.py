from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.cohorts.exceptions import InvalidTransition


class DeliveryFormat(models.TextChoices):
    SELF_PACED = "self_paced", _("Self-paced")
    ONLINE_LIVE = "online_live", _("Online live")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class CohortStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class CohortQuerySet(models.QuerySet):
    def open_for_enrolment(self, today=None):
        today = today or timezone.localdate()
        return (
            self.filter(status__in=[CohortStatus.OPEN, CohortStatus.RUNNING])
            .filter(Q(enrolment_closes__isnull=True) | Q(enrolment_closes__gte=today))
            .filter(Q(enrolment_opens__isnull=True) | Q(enrolment_opens__lte=today))
        )

    def for_course(self, course):
        return self.filter(course=course)

    def upcoming(self, today=None):
        today = today or timezone.localdate()
        return self.filter(Q(start_date__gte=today) | Q(start_date__isnull=True))


class Cohort(models.Model):
    """One run of a course."""

    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="cohorts"
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    delivery_format = models.CharField(
        _("delivery"),
        max_length=12,
        choices=DeliveryFormat.choices,
        default=DeliveryFormat.SELF_PACED,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CohortStatus.choices, default=CohortStatus.PLANNED
    )
    start_date = models.DateField(_("starts"), null=True, blank=True)
    end_date = models.DateField(_("ends"), null=True, blank=True)
    enrolment_opens = models.DateField(_("enrolment opens"), null=True, blank=True)
    enrolment_closes = models.DateField(_("enrolment closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Blank: no limit.")
    )
    location = models.CharField(_("location"), max_length=255, blank=True)
    meeting_url = models.URLField(_("meeting link"), blank=True)
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="teaching_cohorts",
        verbose_name=_("instructors"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("corporate client"),
    )
    is_default_self_paced = models.BooleanField(
        default=False,
        editable=False,
        help_text=_("The always-open cohort self-enrolments land in."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "code"]
        verbose_name = _("cohort")
        constraints = [
            models.UniqueConstraint(
                fields=["course"],
                condition=Q(is_default_self_paced=True),
                name="cohorts_one_default_self_paced_per_course",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="cohorts_cohort_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class EnrollmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


# Statuses that hold a learner's one place in a course.
ACTIVE_STATUSES = (EnrollmentStatus.ASSIGNED, EnrollmentStatus.IN_PROGRESS)
# Statuses that let a learner keep reading a course's lessons.
READING_STATUSES = (
    EnrollmentStatus.ASSIGNED,
    EnrollmentStatus.IN_PROGRESS,
    EnrollmentStatus.COMPLETED,
)

ALLOWED_TRANSITIONS = {
    EnrollmentStatus.ASSIGNED: {
        EnrollmentStatus.IN_PROGRESS,
        EnrollmentStatus.WITHDRAWN,
        EnrollmentStatus.COMPLETED,
    },
    EnrollmentStatus.IN_PROGRESS: {
        EnrollmentStatus.COMPLETED,
        EnrollmentStatus.FAILED,
        EnrollmentStatus.WITHDRAWN,
    },
    EnrollmentStatus.COMPLETED: {EnrollmentStatus.EXPIRED, EnrollmentStatus.IN_PROGRESS},
    EnrollmentStatus.FAILED: {EnrollmentStatus.IN_PROGRESS},
    EnrollmentStatus.WITHDRAWN: set(),
    EnrollmentStatus.EXPIRED: set(),
}


class EnrollmentSource(models.TextChoices):
    SELF = "self", _("Self-enrolled")
    COORDINATOR = "coordinator", _("Coordinator")
    IMPORT = "import", _("Roster import")
    RULE = "rule", _("Assignment rule")


class EnrollmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def reading(self):
        return self.filter(status__in=READING_STATUSES)

    def for_learner(self, user):
        return self.filter(learner=user)

    def for_course(self, course):
        return self.filter(course=course)

    def visible_to(self, user):
        from lms.accounts.roles import Role

        if not user.is_authenticated:
            return self.none()
        if user.is_operations_staff:
            return self
        scopes = Q(learner=user)
        if user.has_role(Role.INSTRUCTOR):
            scopes |= Q(cohort__instructors=user)
        if user.has_role(Role.MANAGER) and user.organisation_id:
            scopes |= Q(learner__organisation_id=user.organisation_id)
        return self.filter(scopes).distinct()


class Enrollment(models.Model):
    """A learner in a cohort, and so in a course and one version of it."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrollments"
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrollments")
    # Denormalised from the cohort so the database can hold one active
    # enrolment per learner per course.
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="enrollments"
    )
    version = models.ForeignKey(
        "courses.CourseVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrollments",
        help_text=_("The course version this learner studies; pinned when they start."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EnrollmentStatus.choices,
        default=EnrollmentStatus.ASSIGNED,
    )
    source = models.CharField(_("source"), max_length=12, choices=EnrollmentSource.choices)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enrolled_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    last_lesson = models.ForeignKey(
        "courses.LessonPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_activity_at = models.DateTimeField(null=True, blank=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering = ["-enrolled_at"]
        verbose_name = _("enrolment")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course"],
                condition=Q(status__in=["assigned", "in_progress"]),
                name="cohorts_one_active_enrollment_per_course",
                violation_error_message=_(
                    "This learner already has an active enrolment in this course."
                ),
            )
        ]
        indexes = [models.Index(fields=["learner", "status"], name="cohorts_enr_learner_status")]

    def __str__(self):
        return f"{self.learner} in {self.cohort.code}"

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES

    def can_change_to(self, status):
        return status in ALLOWED_TRANSITIONS[EnrollmentStatus(self.status)]

    def change_status(self, status):
        """Move to status if the transition is allowed; the caller saves and audits."""
        status = EnrollmentStatus(status)
        if not self.can_change_to(status):
            raise InvalidTransition(
                _("An enrolment cannot go from %(old)s to %(new)s.")
                % {"old": self.get_status_display(), "new": status.label}
            )
        old = self.status
        self.status = status
        now = timezone.now()
        if status == EnrollmentStatus.IN_PROGRESS and not self.started_at:
            self.started_at = now
        if status == EnrollmentStatus.COMPLETED:
            self.completed_at = now
        return old


class EnrollmentRequest(models.Model):
    """A learner asking for a place on a course whose enrolment is by request."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollment_requests"
    )
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message from the learner"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("reason"), blank=True)
    enrollment = models.ForeignKey(
        Enrollment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("enrolment request")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course"],
                condition=Q(status="pending"),
                name="cohorts_one_pending_request_per_course",
            )
        ]

    def __str__(self):
        return f"{self.learner} → {self.course_id} ({self.status})"
