import datetime

import pytest
from django.utils import timezone

from lms.audit.models import AuditEvent
from lms.notifications.models import Notification
from lms.support import jobs
from lms.support.exceptions import (
    AttachmentRejected,
    InvalidTransition,
    NotAllowed,
    ResolutionNoteRequired,
    TicketClosed,
)
from lms.support.models import Queue, ResponseTarget, Ticket, TicketAttachment, TicketStatus
from lms.support.services import (
    add_comment,
    assign,
    change_priority,
    change_status,
    open_ticket,
)
from tests.support.conftest import html_as_pdf, pdf, stored_files

pytestmark = pytest.mark.django_db


def test_a_ticket_gets_a_reference_links_and_a_due_date_from_its_category_target(
    learner, course, enrollment, cohort, organisation
):
    ResponseTarget.objects.filter(category="technical").update(response_hours=3)
    now = timezone.now()
    ticket = open_ticket(
        learner=learner,
        category="technical",
        subject="Video will not play",
        description="Black screen.",
        course=course,
        now=now,
    )
    assert ticket.reference == f"T-{ticket.pk:06d}"
    assert ticket.due_at == now + datetime.timedelta(hours=3)
    assert (ticket.course, ticket.cohort, ticket.enrollment) == (course, cohort, enrollment)
    assert ticket.organisation == organisation
    assert ticket.status == TicketStatus.NEW
    assert ticket.queue == Queue.SUPPORT


def test_default_targets_come_from_the_data_migration():
    assert dict(ResponseTarget.objects.values_list("category", "response_hours")) == {
        "login": 8,
        "course_access": 8,
        "assignment": 24,
        "certificate": 24,
        "billing": 24,
        "technical": 8,
        "other": 48,
    }
    assert ResponseTarget.objects.get(category="assignment").queue == Queue.ACADEMIC


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("new", "open"),
        ("new", "waiting"),
        ("new", "closed"),
        ("open", "waiting"),
        ("waiting", "open"),
        ("resolved", "open"),
        ("resolved", "closed"),
    ],
)
def test_allowed_transitions(ticket, agent, start, target):
    Ticket.objects.filter(pk=ticket.pk).update(status=start, resolution_note="done")
    ticket.refresh_from_db()
    changed = change_status(ticket=ticket, by=agent, status=target)
    assert changed.status == target
    event = AuditEvent.objects.filter(action="support.status_changed").latest("pk")
    assert event.before == {"status": start}
    assert event.after["status"] == target


@pytest.mark.parametrize(
    ("start", "target"),
    [("closed", "open"), ("closed", "resolved"), ("resolved", "waiting"), ("open", "new")],
)
def test_refused_transitions_say_which(ticket, agent, start, target):
    Ticket.objects.filter(pk=ticket.pk).update(status=start, resolution_note="done")
    ticket.refresh_from_db()
    with pytest.raises(InvalidTransition) as exc:
        change_status(ticket=ticket, by=agent, status=target)
    label = TicketStatus(target).label
    assert str(exc.value) == (
        f"Ticket {ticket.reference} cannot go from {TicketStatus(start).label} to {label}."
    )
    ticket.refresh_from_db()
    assert ticket.status == start


def test_resolving_needs_a_resolution_note(ticket, agent):
    with pytest.raises(ResolutionNoteRequired, match="Write a resolution note"):
        change_status(ticket=ticket, by=agent, status="resolved", resolution_note="  ")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.NEW


def test_html_named_pdf_is_refused_and_nothing_is_saved(learner):
    before = stored_files()
    with pytest.raises(AttachmentRejected) as exc:
        open_ticket(
            learner=learner,
            category="billing",
            subject="Invoice",
            description="See attached.",
            files=[pdf("fine.pdf"), html_as_pdf("invoice.pdf")],
        )
    assert str(exc.value) == "invoice.pdf is not really a .pdf file (it looks like HTML or XML)."
    assert not Ticket.objects.exists()
    assert not TicketAttachment.objects.exists()
    assert stored_files() == before


def test_attachments_are_stored_under_generated_names(ticket):
    attachment = ticket.attachments.get()
    assert attachment.original_name == "screenshot.pdf"
    assert attachment.content_type == "application/pdf"
    assert "screenshot" not in attachment.file.name
    assert attachment.file.name.startswith("support/") and attachment.file.name.endswith(".pdf")


def test_notifications_for_created_assigned_replied_and_resolved(
    learner, agent, coordinator, instructor, ticket
):
    # Created: the academic queue (coordinators and the cohort's instructor).
    created = Notification.objects.filter(kind="support.ticket_created")
    assert set(created.values_list("recipient__email", flat=True)) == {
        coordinator.email,
        instructor.email,
    }
    assert created.first().url == f"/admin/support_tickets/{ticket.reference}/"

    assign(ticket=ticket, by=coordinator, owner=agent)
    assigned = Notification.objects.get(kind="support.assigned")
    assert assigned.recipient == agent
    assert ticket.reference in assigned.subject

    add_comment(ticket=ticket, author=agent, body="Try another browser.")
    replied = Notification.objects.get(kind="support.replied")
    assert replied.recipient == learner
    assert replied.url == f"/support/{ticket.reference}/"

    add_comment(ticket=ticket, author=learner, body="That worked, thanks.")
    to_owner = Notification.objects.filter(kind="support.replied", recipient=agent)
    assert to_owner.count() == 1

    change_status(ticket=ticket, by=agent, status="resolved", resolution_note="Browser cache.")
    resolved = Notification.objects.get(kind="support.resolved")
    assert resolved.recipient == learner
    assert resolved.body == "Browser cache."


def test_internal_notes_notify_nobody_on_the_learner_side(ticket, agent, learner):
    add_comment(ticket=ticket, author=agent, body="Learner is on an old laptop.", is_internal=True)
    assert not Notification.objects.filter(recipient=learner, kind="support.replied").exists()


def test_first_public_staff_reply_sets_first_response_and_opens(ticket, agent):
    add_comment(ticket=ticket, author=agent, body="Internal first", is_internal=True)
    ticket.refresh_from_db()
    assert ticket.first_response_at is None
    add_comment(ticket=ticket, author=agent, body="Hello!")
    ticket.refresh_from_db()
    assert ticket.first_response_at is not None
    assert ticket.status == TicketStatus.OPEN
    assert ticket.due_at is None


def test_learner_reply_reopens_a_resolved_ticket_and_restarts_the_clock(ticket, agent, learner):
    change_status(ticket=ticket, by=agent, status="resolved", resolution_note="Fixed.")
    add_comment(ticket=ticket, author=learner, body="Still broken.")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN
    assert ticket.due_at is not None
    assert AuditEvent.objects.filter(
        action="support.status_changed", after__status="open", actor=learner
    ).exists()


def test_closed_tickets_take_no_replies(ticket, agent, learner):
    change_status(ticket=ticket, by=agent, status="closed")
    with pytest.raises(TicketClosed, match="is closed and takes no more replies"):
        add_comment(ticket=ticket, author=learner, body="Hello?")
    assert not ticket.comments.exists()


def test_learners_cannot_write_internal_notes_or_touch_others_tickets(
    ticket, learner, other_learner
):
    with pytest.raises(NotAllowed, match="Only support staff"):
        add_comment(ticket=ticket, author=learner, body="x", is_internal=True)
    with pytest.raises(NotAllowed):
        add_comment(ticket=ticket, author=other_learner, body="x")
    with pytest.raises(NotAllowed):
        change_status(ticket=ticket, by=learner, status="closed")


def test_assigning_to_someone_who_cannot_work_the_ticket_is_refused(ticket, agent, learner):
    with pytest.raises(NotAllowed, match="cannot work ticket"):
        assign(ticket=ticket, by=agent, owner=learner)


def test_priority_and_assignment_are_audited(ticket, agent, coordinator):
    change_priority(ticket=ticket, by=coordinator, priority="high")
    assign(ticket=ticket, by=coordinator, owner=agent)
    priority = AuditEvent.objects.get(action="support.priority_changed")
    assert (priority.before, priority.after) == ({"priority": "normal"}, {"priority": "high"})
    assigned = AuditEvent.objects.get(action="support.assigned")
    assert assigned.after == {"owner": agent.pk}


def test_overdue_job_notifies_owner_and_queue_once_even_if_run_twice(
    agent, coordinator, ticket, other_ticket
):
    assign(ticket=other_ticket, by=coordinator, owner=agent)
    past = timezone.now() - datetime.timedelta(hours=1)
    Ticket.objects.filter(pk=other_ticket.pk).update(due_at=past)
    # Not overdue: waiting on the learner.
    Ticket.objects.filter(pk=ticket.pk).update(due_at=past, status="waiting")

    assert jobs.flag_overdue_tickets() == 1
    assert jobs.flag_overdue_tickets() == 0

    overdue = Notification.objects.filter(kind="support.overdue")
    # Support queue: the agent (also the owner, told once) and the coordinator.
    assert sorted(overdue.values_list("recipient__email", flat=True)) == sorted(
        [agent.email, coordinator.email]
    )
    assert other_ticket.reference in overdue.first().subject
    other_ticket.refresh_from_db()
    assert other_ticket.overdue_notified_at is not None


def test_a_learner_reply_after_an_answer_can_be_flagged_again(other_ticket, agent, other_learner):
    past = timezone.now() - datetime.timedelta(hours=1)
    Ticket.objects.filter(pk=other_ticket.pk).update(due_at=past)
    assert jobs.flag_overdue_tickets() == 1
    add_comment(ticket=other_ticket, author=agent, body="Looking into it.")
    add_comment(
        ticket=other_ticket,
        author=other_learner,
        body="Any news?",
        now=timezone.now() - datetime.timedelta(hours=30),
    )
    assert jobs.flag_overdue_tickets() == 1
