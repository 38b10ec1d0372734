"""
Working support tickets: opening, replying, internal notes, assignment,
status and priority changes, and flagging tickets past their target. Each
operation checks who is acting, changes rows in one transaction, audits, and
tells the people concerned through lms.notifications.
"""

import logging

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.accounts.roles import Role
from lms.audit.services import record
from lms.cohorts.models import Enrollment
from lms.core.filechecks import UploadRejected, check_upload
from lms.notifications.services import notify
from lms.support.exceptions import AttachmentRejected, NotAllowed, TicketClosed
from lms.support.models import (
    QUEUE_ROLES,
    WORKS_ALL_TICKETS,
    Queue,
    ResponseTarget,
    Ticket,
    TicketAttachment,
    TicketComment,
    TicketPriority,
    TicketStatus,
)

logger = logging.getLogger(__name__)

ATTACHMENT_EXTENSIONS = ["pdf", "png", "jpg", "gif", "webp", "txt", "csv", "docx", "xlsx", "zip"]
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5


# Who is told -----------------------------------------------------------------


def _queue_scope(ticket):
    roles = [str(role) for role in QUEUE_ROLES[Queue(ticket.queue)]]
    scope = Q(groups__name__in=roles)
    if ticket.queue == Queue.ACADEMIC and ticket.cohort_id:
        scope |= Q(teaching_cohorts=ticket.cohort_id, groups__name=str(Role.INSTRUCTOR))
    return scope


def queue_members(ticket, *, also=None):
    """The people a ticket's queue reaches (and also, a user), as one QuerySet."""
    scope = _queue_scope(ticket)
    if also is not None:
        scope |= Q(pk=also)
    return User.objects.filter(scope, is_active=True).distinct()


def learner_side(ticket):
    """The learner and the participants: the people who see the public conversation."""
    return User.objects.filter(
        Q(pk=ticket.learner_id) | Q(support_tickets_joined=ticket), is_active=True
    ).distinct()


def _staff_url(ticket):
    return reverse("support_tickets:detail", args=[ticket.pk])


def _portal_url(ticket):
    return reverse("support:ticket", args=[ticket.pk])


def _tell(people, *, kind, subject, body, url, exclude=None):
    for person in people:
        if exclude is not None and person.pk == exclude.pk:
            continue
        notify(recipient=person, kind=kind, subject=subject, body=body, url=url)


# Files ---------------------------------------------------------------------------


def check_attachments(files):
    """Check every file before anything is stored; raise AttachmentRejected naming the file."""
    files = [f for f in files or [] if f]
    if len(files) > MAX_ATTACHMENTS:
        raise AttachmentRejected(
            _("Attach at most %(count)d files to one message.") % {"count": MAX_ATTACHMENTS}
        )
    checked = []
    for upload in files:
        try:
            checked.append(
                (
                    upload,
                    check_upload(
                        upload,
                        allowed_extensions=ATTACHMENT_EXTENSIONS,
                        max_bytes=ATTACHMENT_MAX_BYTES,
                    ),
                )
            )
        except UploadRejected as exc:
            raise AttachmentRejected(str(exc)) from exc
    return checked


def _store_attachments(checked, *, ticket, comment, by, stored):
    """Save the checked files; stored collects them so a rollback can delete the files."""
    for upload, info in checked:
        attachment = TicketAttachment(
            ticket=ticket,
            comment=comment,
            original_name=info.name[:255],
            content_type=info.content_type,
            size=info.size,
            uploaded_by=by,
        )
        attachment.file.save(info.name, upload, save=False)
        attachment.save()
        stored.append(attachment)


# Opening -------------------------------------------------------------------------


def open_ticket(*, learner, category, subject, description, files=(), course=None, now=None):
    """
    A learner opens a ticket, optionally about a course (their enrolment and
    cohort in it are linked). Files are checked before anything is saved.
    """
    if not learner.is_authenticated or not learner.is_active:
        raise NotAllowed(_("Log in to open a ticket."))
    checked = check_attachments(files)
    now = now or timezone.now()
    target = ResponseTarget.for_category(category)
    enrollment = None
    if course is not None:
        enrollment = (
            Enrollment.objects.filter(learner=learner, course=course)
            .select_related("cohort")
            .order_by("-enrolled_at")
            .first()
        )
    attachments = []
    try:
        with transaction.atomic():
            ticket = Ticket(
                learner=learner,
                category=category,
                subject=subject.strip(),
                description=description.strip(),
                queue=target.queue,
                course=course,
                enrollment=enrollment,
                cohort=enrollment.cohort if enrollment else None,
                organisation_id=learner.organisation_id,
                created_at=now,
            )
            ticket.start_response_clock(now=now)
            ticket.save()
            _store_attachments(checked, ticket=ticket, comment=None, by=learner, stored=attachments)
            record(
                action="support.ticket_opened",
                actor=learner,
                target=ticket,
                after={"category": category, "queue": ticket.queue, "status": ticket.status},
            )
            _tell(
                queue_members(ticket),
                kind="support.ticket_created",
                subject=_("New ticket %(ref)s: %(subject)s")
                % {"ref": ticket.reference, "subject": ticket.subject},
                body=_("%(learner)s opened a ticket about %(category)s.")
                % {"learner": learner, "category": ticket.get_category_display()},
                url=_staff_url(ticket),
                exclude=learner,
            )
    except Exception:
        _discard_files(attachments)
        raise
    logger.info("ticket %s opened by %s", ticket.reference, learner.pk)
    return ticket


def _discard_files(attachments):
    """Files written for a transaction that rolled back."""
    for attachment in attachments:
        attachment.file.storage.delete(attachment.file.name)


# Conversation -------------------------------------------------------------------


def can_work(user, ticket):
    return Ticket.objects.workable_by(user).filter(pk=ticket.pk).exists()


def add_comment(*, ticket, author, body, is_internal=False, files=(), now=None):
    """
    Add a message. Staff who work the ticket write public replies or
    internal notes; the learner and participants write public replies only.
    A learner's reply reopens a resolved ticket; a closed ticket takes none.
    """
    body = (body or "").strip()
    if not body:
        raise NotAllowed(_("Write a message before sending."))
    staff = can_work(author, ticket)
    if not staff:
        if not Ticket.objects.in_portal_of(author).filter(pk=ticket.pk).exists():
            raise NotAllowed(_("You cannot reply to this ticket."))
        if is_internal:
            raise NotAllowed(_("Only support staff write internal notes."))
    checked = check_attachments(files)
    now = now or timezone.now()
    attachments = []
    try:
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
            if ticket.status == TicketStatus.CLOSED:
                raise TicketClosed(
                    _("Ticket %(ref)s is closed and takes no more replies; open a new ticket.")
                    % {"ref": ticket.reference}
                )
            comment = TicketComment.objects.create(
                ticket=ticket,
                author=author,
                body=body,
                is_internal=is_internal,
                by_staff=staff,
                created_at=now,
            )
            _store_attachments(
                checked, ticket=ticket, comment=comment, by=author, stored=attachments
            )
            before_status = ticket.status
            if not is_internal and staff:
                _staff_replied(ticket, now=now)
            elif not is_internal:
                _learner_replied(ticket, now=now)
            ticket.save()
            if ticket.status != before_status:
                record(
                    action="support.status_changed",
                    actor=author,
                    target=ticket,
                    before={"status": before_status},
                    after={"status": ticket.status},
                    message=_("By a reply."),
                )
            if not is_internal:
                _notify_reply(ticket, comment=comment, staff=staff)
    except Exception:
        _discard_files(attachments)
        raise
    return comment


def _staff_replied(ticket, *, now):
    if ticket.first_response_at is None:
        ticket.first_response_at = now
    ticket.due_at = None
    ticket.overdue_notified_at = None
    if ticket.status == TicketStatus.NEW:
        ticket.change_status(TicketStatus.OPEN, now=now)


def _learner_replied(ticket, *, now):
    if ticket.status in (TicketStatus.RESOLVED, TicketStatus.WAITING):
        ticket.change_status(TicketStatus.OPEN, now=now)
    ticket.start_response_clock(now=now)


def _notify_reply(ticket, *, comment, staff):
    subject = _("New reply on %(ref)s: %(subject)s") % {
        "ref": ticket.reference,
        "subject": ticket.subject,
    }
    if staff:
        _tell(
            learner_side(ticket),
            kind="support.replied",
            subject=subject,
            body=comment.body[:500],
            url=_portal_url(ticket),
            exclude=comment.author,
        )
    else:
        people = (
            User.objects.filter(pk=ticket.owner_id) if ticket.owner_id else queue_members(ticket)
        )
        _tell(
            people,
            kind="support.replied",
            subject=subject,
            body=comment.body[:500],
            url=_staff_url(ticket),
            exclude=comment.author,
        )


# Staff changes ----------------------------------------------------------------------


def _require_worker(user, ticket):
    if not can_work(user, ticket):
        raise NotAllowed(_("You do not work ticket %(ref)s.") % {"ref": ticket.reference})


def change_status(*, ticket, by, status, resolution_note="", now=None):
    """Move a ticket along an allowed transition; resolving needs a resolution note."""
    _require_worker(by, ticket)
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if ticket.status == status:
            return ticket
        old = ticket.change_status(status, resolution_note=resolution_note, now=now)
        ticket.save()
        record(
            action="support.status_changed",
            actor=by,
            target=ticket,
            before={"status": old},
            after={"status": ticket.status, "resolution_note": ticket.resolution_note},
        )
        if ticket.status == TicketStatus.RESOLVED:
            _tell(
                learner_side(ticket),
                kind="support.resolved",
                subject=_("Ticket %(ref)s is resolved") % {"ref": ticket.reference},
                body=ticket.resolution_note[:500],
                url=_portal_url(ticket),
                exclude=by,
            )
    return ticket


def assign(*, ticket, by, owner):
    """Give the ticket to owner (None to unassign). The owner must be able to work it."""
    _require_worker(by, ticket)
    if owner is not None and not can_work(owner, ticket):
        raise NotAllowed(
            _("%(person)s cannot work ticket %(ref)s.") % {"person": owner, "ref": ticket.reference}
        )
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if ticket.owner_id == (owner.pk if owner else None):
            return ticket
        before = {"owner": ticket.owner_id}
        ticket.owner = owner
        ticket.save(update_fields=["owner", "updated_at"])
        record(
            action="support.assigned",
            actor=by,
            target=ticket,
            before=before,
            after={"owner": owner.pk if owner else None},
        )
        if owner is not None:
            _tell(
                [owner],
                kind="support.assigned",
                subject=_("Ticket %(ref)s is yours: %(subject)s")
                % {"ref": ticket.reference, "subject": ticket.subject},
                body=_("%(person)s gave you this ticket.") % {"person": by},
                url=_staff_url(ticket),
                exclude=by,
            )
    return ticket


def change_priority(*, ticket, by, priority):
    _require_worker(by, ticket)
    priority = TicketPriority(priority)
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if ticket.priority == priority:
            return ticket
        before = {"priority": ticket.priority}
        ticket.priority = priority
        ticket.save(update_fields=["priority", "updated_at"])
        record(
            action="support.priority_changed",
            actor=by,
            target=ticket,
            before=before,
            after={"priority": priority.value},
        )
    return ticket


def update_ticket(*, ticket, by, status, priority, owner, resolution_note=""):
    """The staff form's changes, all or none."""
    with transaction.atomic():
        ticket = change_priority(ticket=ticket, by=by, priority=priority)
        ticket = assign(ticket=ticket, by=by, owner=owner)
        ticket = change_status(ticket=ticket, by=by, status=status, resolution_note=resolution_note)
    return ticket


def assign_many(*, tickets, by, owner):
    """Assign several tickets at once; returns how many changed hands."""
    changed = 0
    with transaction.atomic():
        for ticket in tickets:
            before = ticket.owner_id
            ticket = assign(ticket=ticket, by=by, owner=owner)
            changed += ticket.owner_id != before
    return changed


# The overdue job -----------------------------------------------------------------------


def flag_overdue(*, now=None):
    """
    Tell the owner and the queue about each ticket past its response target,
    once per due date: the conditional update claims the ticket, so a second
    run (or a concurrent one) finds nothing to do.
    """
    now = now or timezone.now()
    flagged = 0
    candidates = Ticket.objects.overdue(now).filter(overdue_notified_at__isnull=True)
    for ticket in candidates.select_related("owner", "cohort").iterator():
        with transaction.atomic():
            claimed = Ticket.objects.filter(pk=ticket.pk, overdue_notified_at__isnull=True).update(
                overdue_notified_at=now
            )
            if not claimed:
                continue
            _tell(
                queue_members(ticket, also=ticket.owner_id),
                kind="support.overdue",
                subject=_("Ticket %(ref)s is past its response target") % {"ref": ticket.reference},
                body=_("%(subject)s — an answer was due %(due)s.")
                % {
                    "subject": ticket.subject,
                    "due": timezone.localtime(ticket.due_at).strftime("%d %b %Y %H:%M"),
                },
                url=_staff_url(ticket),
            )
            flagged += 1
    logger.info("support: %s ticket(s) flagged overdue", flagged)
    return flagged


def possible_owners(ticket=None, *, also=None):
    """
    People a ticket can be given to: the desk, the instructors of its cohort,
    and also (the worker choosing in the queue, e.g. an instructor).
    """
    scope = Q(groups__name__in=[str(role) for role in WORKS_ALL_TICKETS])
    if ticket is not None and ticket.cohort_id:
        scope |= Q(teaching_cohorts=ticket.cohort_id, groups__name=str(Role.INSTRUCTOR))
    if also is not None:
        scope |= Q(pk=also.pk)
    return User.objects.filter(scope, is_active=True).distinct().order_by("first_name", "email")
