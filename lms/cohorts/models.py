import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from lms.accounts.roles import Role
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


class Cohort(ClusterableModel):
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
    instructors = ParentalManyToManyField(
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

    def clean(self):
        super().clean()
        self.code = (self.code or "").strip().upper()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The cohort ends (%(end)s) before it starts (%(start)s).") % {
                "end": date_format(self.end_date),
                "start": date_format(self.start_date),
            }
        if (
            self.enrolment_opens
            and self.enrolment_closes
            and self.enrolment_closes < self.enrolment_opens
        ):
            errors["enrolment_closes"] = _(
                "Enrolment closes (%(closes)s) before it opens (%(opens)s)."
            ) % {
                "closes": date_format(self.enrolment_closes),
                "opens": date_format(self.enrolment_opens),
            }
        if self.course_id and self._state.adding:
            from lms.courses.models import CourseStatus

            course = self.course
            if course.status != CourseStatus.ACTIVE or not course.live:
                errors["course"] = _(
                    "%(course)s is %(status)s; cohorts can only be created for active, "
                    "published courses."
                ) % {
                    "course": course.title,
                    "status": course.get_status_display().lower()
                    if course.live
                    else _("unpublished"),
                }
        if self.pk and self.capacity is not None:
            enrolled = self.enrollments.filter(status__in=ACTIVE_STATUSES).count()
            if self.capacity < enrolled:
                errors["capacity"] = _(
                    "Capacity %(capacity)d is below the %(enrolled)d learners already enrolled."
                ) % {"capacity": self.capacity, "enrolled": enrolled}
        if errors:
            raise ValidationError(errors)

    @property
    def seats_taken(self):
        if hasattr(self, "active_enrolments"):
            return self.active_enrolments
        return self.enrollments.filter(status__in=ACTIVE_STATUSES).count()

    def seats(self):
        taken = self.seats_taken
        return f"{taken} / {self.capacity}" if self.capacity is not None else str(taken)

    seats.short_description = _("Enrolled")


class SessionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def between(self, start, end):
        return self.filter(starts_at__lt=end, ends_at__gt=start)

    def for_learner(self, user):
        return self.filter(
            cohort__enrollments__learner=user,
            cohort__enrollments__status__in=["assigned", "in_progress", "completed"],
        ).distinct()

    def for_instructor(self, user):
        return self.filter(
            models.Q(instructor=user) | models.Q(cohort__instructors=user)
        ).distinct()

    def for_person(self, user):
        """Sessions a person attends or teaches."""
        return (self.for_learner(user) | self.for_instructor(user)).distinct()


class Session(models.Model):
    """A scheduled meeting of a cohort."""

    cohort = ParentalKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("location"), max_length=255, blank=True)
    meeting_url = models.URLField(_("meeting link"), blank=True)
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="taught_sessions",
        verbose_name=_("instructor"),
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="cohorts_session_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d %b %Y %H:%M})"

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The session “%(title)s” ends before it starts.") % {
                "title": self.title
            }
        cohort = getattr(self, "cohort", None)
        if cohort is not None and self.starts_at and self.ends_at:
            start_day = timezone.localtime(self.starts_at).date()
            end_day = timezone.localtime(self.ends_at).date()
            if (cohort.start_date and start_day < cohort.start_date) or (
                cohort.end_date and end_day > cohort.end_date
            ):
                errors["starts_at"] = _(
                    "The session “%(title)s” on %(day)s is outside the cohort's dates "
                    "(%(start)s to %(end)s)."
                ) % {
                    "title": self.title,
                    "day": date_format(start_day),
                    "start": date_format(cohort.start_date) if cohort.start_date else "…",
                    "end": date_format(cohort.end_date) if cohort.end_date else "…",
                }
        if self.instructor_id and self.starts_at and self.ends_at and "ends_at" not in errors:
            clash = (
                Session.objects.filter(instructor_id=self.instructor_id)
                .between(self.starts_at, self.ends_at)
                .exclude(pk=self.pk)
                .select_related("cohort", "instructor")
                .first()
            )
            if clash is not None:
                errors["instructor"] = _(
                    "%(instructor)s is already teaching “%(other)s” (%(cohort)s) "
                    "from %(start)s to %(end)s."
                ) % {
                    "instructor": clash.instructor,
                    "other": clash.title,
                    "cohort": clash.cohort.code,
                    "start": date_format(timezone.localtime(clash.starts_at), "DATETIME_FORMAT"),
                    "end": date_format(timezone.localtime(clash.ends_at), "TIME_FORMAT"),
                }
        if errors:
            raise ValidationError(errors)


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
        indexes = [
            models.Index(fields=["learner", "status"], name="cohorts_enr_learner_status"),
            # The lookup on every course and lesson page: this learner in this course.
            models.Index(fields=["learner", "course"], name="cohorts_enr_learner_course"),
        ]

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


def _new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private iCalendar address; regenerating it revokes the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")

    def __str__(self):
        return f"calendar feed of {self.user}"

    def regenerate(self):
        self.token = _new_feed_token()
        self.save(update_fields=["token", "created_at"])


class ProfileField(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    JOB_TITLE = "job_title", _("Job title")


class AssignmentRule(models.Model):
    """
    "Learners of organisation X (optionally with a role or a profile value) are
    assigned course Y, due N days after assignment." Applied to existing
    learners when saved and to people who join or change later.
    """

    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="assignment_rules"
    )
    role = models.CharField(
        _("only people with role"),
        max_length=40,
        blank=True,
        choices=[("", _("Anyone")), *Role.choices],
    )
    profile_field = models.CharField(
        _("only where"), max_length=20, choices=ProfileField.choices, blank=True
    )
    profile_value = models.CharField(_("equals"), max_length=120, blank=True)
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(
        Cohort,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Blank: the course's self-paced cohort."),
    )
    due_in_days = models.PositiveIntegerField(_("due after (days)"), default=30)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("assignment rule")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if bool(self.profile_field) != bool(self.profile_value.strip()):
            raise ValidationError(
                {
                    "profile_value": _(
                        "Choose a profile field and the value it must have, or neither."
                    )
                }
            )
        if self.cohort_id and self.course_id and self.cohort.course_id != self.course_id:
            raise ValidationError(
                {
                    "cohort": _("Cohort %(code)s is a run of another course.")
                    % {"code": self.cohort.code}
                }
            )

    def matching_people(self):
        from lms.accounts.models import User

        people = User.objects.filter(organisation_id=self.organisation_id, is_active=True)
        if self.role:
            people = people.filter(groups__name=self.role)
        if self.profile_field:
            people = people.filter(**{f"{self.profile_field}__iexact": self.profile_value.strip()})
        return people.distinct()

    def matches(self, user):
        return self.matching_people().filter(pk=user.pk).exists()


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


# Statuses that count as having attended a session.
ATTENDED_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class AttendanceSummary:
    """A learner's attendance in one cohort, over the sessions that have ended."""

    __slots__ = ("absent", "attended", "excused", "held", "unrecorded")

    def __init__(self, held=0, attended=0, excused=0, absent=0):
        self.held = held
        self.attended = attended
        self.excused = excused
        self.absent = absent
        self.unrecorded = max(held - attended - excused - absent, 0)

    @property
    def countable(self):
        """Sessions that count towards the percentage: excused ones do not."""
        return self.held - self.excused

    @property
    def percent(self):
        """Whole-number attendance percentage; None when no countable session has ended."""
        if self.countable <= 0:
            return None
        return round(100 * self.attended / self.countable)


class AttendanceQuerySet(models.QuerySet):
    def for_learner(self, user):
        return self.filter(learner=user)

    def for_cohort(self, cohort):
        return self.filter(session__cohort=cohort)

    def summaries(self, enrollments, now=None):
        """
        {enrollment.pk: AttendanceSummary} for many enrolments in two queries,
        whatever their number: sessions held per cohort, then marks per
        (cohort, learner). Unrecorded past sessions count as not attended.
        """
        enrollments = list(enrollments)
        if not enrollments:
            return {}
        now = now or timezone.now()
        cohort_ids = {e.cohort_id for e in enrollments}
        held = dict(
            Session.objects.filter(cohort_id__in=cohort_ids, ends_at__lte=now)
            .values("cohort_id")
            .annotate(n=models.Count("pk"))
            .values_list("cohort_id", "n")
        )
        learner_ids = {e.learner_id for e in enrollments}
        marks = {}
        rows = (
            self.filter(
                session__cohort_id__in=cohort_ids,
                session__ends_at__lte=now,
                learner_id__in=learner_ids,
            )
            .values("session__cohort_id", "learner_id", "status")
            .annotate(n=models.Count("pk"))
            .values_list("session__cohort_id", "learner_id", "status", "n")
        )
        for cohort_id, learner_id, status, n in rows:
            marks.setdefault((cohort_id, learner_id), {})[status] = n
        result = {}
        for e in enrollments:
            counts = marks.get((e.cohort_id, e.learner_id), {})
            result[e.pk] = AttendanceSummary(
                held=held.get(e.cohort_id, 0),
                attended=sum(counts.get(s, 0) for s in ATTENDED_STATUSES),
                excused=counts.get(AttendanceStatus.EXCUSED, 0),
                absent=counts.get(AttendanceStatus.ABSENT, 0),
            )
        return result


class Attendance(models.Model):
    """One learner's attendance at one session, as marked by an instructor."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(_("attendance"), max_length=8, choices=AttendanceStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked"), default=timezone.now)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "learner"], name="cohorts_one_attendance_per_session_learner"
            )
        ]
        indexes = [models.Index(fields=["learner", "session"], name="cohorts_att_learner_session")]

    def __str__(self):
        return f"{self.learner} · {self.session_id} · {self.status}"
