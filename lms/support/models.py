"""
Support tickets: a learner's question, the conversation about it (public
replies and internal notes), its files, and the response-time targets that
set when support owes an answer.
"""

import datetime
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.roles import Role
from lms.core.storage import private_storage
from lms.support.exceptions import InvalidTransition, ResolutionNoteRequired


class TicketCategory(models.TextChoices):
    LOGIN = "login", _("Logging in")
    COURSE_ACCESS = "course_access", _("Course access")
    ASSIGNMENT = "assignment", _("Assignment")
    CERTIFICATE = "certificate", _("Certificate")
    BILLING = "billing", _("Billing")
    TECHNICAL = "technical", _("Technical problem")
    OTHER = "other", _("Something else")


class TicketStatus(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    WAITING = "waiting", _("Waiting on learner")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


class TicketPriority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Queue(models.TextChoices):
    """
    Who works a ticket: the support desk (support agents and coordinators),
    or the academic team (the instructors of the ticket's cohort, with the
    coordinators).
    """

    SUPPORT = "support", _("Support desk")
    ACADEMIC = "academic", _("Academic team")


QUEUE_ROLES = {
    Queue.SUPPORT: [Role.SUPPORT, Role.COORDINATOR],
    Queue.ACADEMIC: [Role.COORDINATOR],
}

ALLOWED_TRANSITIONS = {
    TicketStatus.NEW: {
        TicketStatus.OPEN,
        TicketStatus.WAITING,
        TicketStatus.RESOLVED,
        TicketStatus.CLOSED,
    },
    TicketStatus.OPEN: {TicketStatus.WAITING, TicketStatus.RESOLVED, TicketStatus.CLOSED},
    TicketStatus.WAITING: {TicketStatus.OPEN, TicketStatus.RESOLVED, TicketStatus.CLOSED},
    # A learner's reply reopens a resolved ticket; closed is final.
    TicketStatus.RESOLVED: {TicketStatus.OPEN, TicketStatus.CLOSED},
    TicketStatus.CLOSED: set(),
}
UNRESOLVED_STATUSES = (TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.WAITING)
# Statuses in which support owes the learner an answer.
AWAITING_SUPPORT = (TicketStatus.NEW, TicketStatus.OPEN)

# Roles that work every ticket in the admin.
WORKS_ALL_TICKETS = (Role.SUPPORT, Role.COORDINATOR, Role.ADMINISTRATOR)


class ResponseTarget(models.Model):
    """How soon support answers a ticket of one category, and which queue takes it."""

    category = models.CharField(
        _("category"), max_length=20, choices=TicketCategory.choices, unique=True
    )
    response_hours = models.PositiveIntegerField(
        _("response target (hours)"),
        help_text=_("Hours from a learner's message to support's answer, round the clock."),
    )
    queue = models.CharField(
        _("queue"), max_length=20, choices=Queue.choices, default=Queue.SUPPORT
    )

    class Meta:
        ordering = ["category"]
        verbose_name = _("response target")
        verbose_name_plural = _("response targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(response_hours__gte=1),
                name="support_target_at_least_one_hour",
                violation_error_message=_("A response target is at least one hour."),
            )
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.response_hours} h"

    # Used when a category has no row (an administrator deleted it).
    DEFAULT_HOURS = 24

    @classmethod
    def for_category(cls, category):
        target = cls.objects.filter(category=category).first()
        if target is None:
            return cls(category=category, response_hours=cls.DEFAULT_HOURS, queue=Queue.SUPPORT)
        return target


class TicketQuerySet(models.QuerySet):
    def visible_to(self, user):
        """
        Every ticket a person may see at all: the ones they work (support,
        coordinators and administrators all; instructors their cohorts'),
        plus the ones they opened or take part in.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_any_role(*WORKS_ALL_TICKETS):
            return self
        return self.filter(pk__in=self._scoped_ids(user, worker=True, portal=True))

    def workable_by(self, user):
        """Tickets the person works as staff, internal notes included."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_any_role(*WORKS_ALL_TICKETS):
            return self
        if user.has_role(Role.INSTRUCTOR):
            return self.filter(pk__in=self._scoped_ids(user, worker=True, portal=False))
        return self.none()

    def in_portal_of(self, user):
        """Tickets a person sees in the learner portal: their own and those they take part in."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=self._scoped_ids(user, worker=False, portal=True))

    def _scoped_ids(self, user, *, worker, portal):
        scopes = Q(pk__in=[])
        if portal:
            scopes |= Q(learner=user) | Q(participants=user)
        if worker and user.has_role(Role.INSTRUCTOR):
            scopes |= Q(cohort__instructors=user)
        return Ticket.objects.filter(scopes).values("pk")

    def unresolved(self):
        return self.filter(status__in=UNRESOLVED_STATUSES)

    def overdue(self, now=None):
        return self.filter(status__in=AWAITING_SUPPORT, due_at__lt=now or timezone.now())

    def created_between(self, start=None, end=None):
        """Tickets opened on or after start and on or before end (dates, both optional)."""
        qs = self
        if start:
            qs = qs.filter(created_at__date__gte=start)
        if end:
            qs = qs.filter(created_at__date__lte=end)
        return qs


class Ticket(models.Model):
    """A learner's question to support, from opening to closing."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.PROTECT,
        related_name="support_tickets",
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participants"),
        blank=True,
        related_name="support_tickets_joined",
        help_text=_(
            "Other people who follow the ticket in their portal, e.g. the learner's manager. "
            "They see the public conversation only."
        ),
    )
    category = models.CharField(_("category"), max_length=20, choices=TicketCategory.choices)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    status = models.CharField(
        _("status"), max_length=12, choices=TicketStatus.choices, default=TicketStatus.NEW
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=TicketPriority.choices, default=TicketPriority.NORMAL
    )
    queue = models.CharField(_("queue"), max_length=20, choices=Queue.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_tickets_owned",
    )
    due_at = models.DateTimeField(
        _("response due"),
        null=True,
        blank=True,
        help_text=_("When support owes the learner an answer; empty while nothing is owed."),
    )
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(
        _("flagged overdue"),
        null=True,
        blank=True,
        help_text=_("When the overdue job told the owner and the queue; once per due date."),
    )
    resolution_note = models.TextField(_("resolution note"), blank=True)
    # What the ticket is about. A certificate link follows when certificates exist.
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cohort = models.ForeignKey(
        "cohorts.Cohort",
        verbose_name=_("cohort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_tickets",
    )
    enrollment = models.ForeignKey(
        "cohorts.Enrollment",
        verbose_name=_("enrolment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_tickets",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_tickets",
    )
    created_at = models.DateTimeField(_("opened"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TicketQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        permissions = [("view_reports", _("Can see support reports"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="resolved") | ~Q(resolution_note=""),
                name="support_resolved_has_note",
                violation_error_message=_("A resolved ticket needs a resolution note."),
            )
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="support_ticket_due"),
            models.Index(fields=["owner", "status"], name="support_ticket_owner"),
            models.Index(fields=["learner", "-created_at"], name="support_ticket_learner"),
        ]

    def __str__(self):
        return f"{self.reference} {self.subject}"

    @property
    def reference(self):
        """What people quote: T-000123."""
        return format_reference(self.pk)

    @property
    def is_open(self):
        return self.status in UNRESOLVED_STATUSES

    def is_overdue(self, now=None):
        return (
            self.status in AWAITING_SUPPORT
            and self.due_at is not None
            and self.due_at < (now or timezone.now())
        )

    def allowed_statuses(self):
        return [s for s in TicketStatus if s in ALLOWED_TRANSITIONS[TicketStatus(self.status)]]

    def can_change_to(self, status):
        return status in ALLOWED_TRANSITIONS[TicketStatus(self.status)]

    def change_status(self, status, *, resolution_note="", now=None):
        """Move to status if allowed; the caller saves and audits. Returns the old status."""
        status = TicketStatus(status)
        if not self.can_change_to(status):
            raise InvalidTransition(
                _("Ticket %(ref)s cannot go from %(old)s to %(new)s.")
                % {"ref": self.reference, "old": self.get_status_display(), "new": status.label}
            )
        now = now or timezone.now()
        if status == TicketStatus.RESOLVED:
            note = (resolution_note or "").strip()
            if not note:
                raise ResolutionNoteRequired(
                    _("Write a resolution note to resolve ticket %(ref)s.")
                    % {"ref": self.reference}
                )
            self.resolution_note = note
            self.resolved_at = now
        if status == TicketStatus.CLOSED:
            self.closed_at = now
        if status not in AWAITING_SUPPORT:
            self.due_at = None
        old = self.status
        self.status = status
        return old

    def start_response_clock(self, now=None):
        """Support owes an answer from now, by the category's target (if not owed already)."""
        if self.due_at is None:
            now = now or timezone.now()
            target = ResponseTarget.for_category(self.category)
            self.due_at = now + datetime.timedelta(hours=target.response_hours)
            self.overdue_notified_at = None


def format_reference(pk):
    return f"T-{pk:06d}" if pk else ""


class TicketCommentQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_internal=False)


class TicketComment(models.Model):
    """One message on a ticket: a public reply, or an internal note staff alone see."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"))
    is_internal = models.BooleanField(
        _("internal note"), default=False, help_text=_("Never shown to the learner.")
    )
    by_staff = models.BooleanField(
        _("from staff"), default=False, help_text=_("Written by the people working the ticket.")
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    objects = TicketCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("ticket comment")
        indexes = [models.Index(fields=["ticket", "created_at"], name="support_comment_ticket")]

    def __str__(self):
        return f"{self.ticket.reference} #{self.pk}"


def attachment_file_name(instance, filename):
    """A generated name; the learner's own file name is kept in the row only."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"support/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class TicketAttachmentQuerySet(models.QuerySet):
    def public(self):
        return self.filter(Q(comment__isnull=True) | Q(comment__is_internal=False))


class TicketAttachment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    comment = models.ForeignKey(
        TicketComment,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
        help_text=_("The message it came with; empty for files sent with the ticket."),
    )
    file = models.FileField(storage=private_storage, upload_to=attachment_file_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = TicketAttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("ticket attachment")

    def __str__(self):
        return self.original_name
