"""
The issue's done-when: a learner opens a ticket with an attachment, support
answers with a public reply and an internal note, the learner sees only the
reply, the ticket resolves, and the reports count it.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.support.models import Ticket, TicketStatus
from lms.support.reports import build_report
from tests.support.conftest import PDF_BYTES, pdf

pytestmark = pytest.mark.django_db

REPLY = "Please clear your browser cache and try again."
NOTE = "SECRET-NOTE: learner reported the same thing last term."


def test_ticket_from_learner_to_resolution_and_reports(client, learner, agent, course, enrollment):
    client.force_login(learner)
    response = client.post(
        reverse("support:new"),
        {
            "category": "technical",
            "subject": "The video will not play",
            "description": "Lesson 2 shows a black screen.",
            "course": course.pk,
            "attachments": [pdf("black-screen.pdf")],
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/support/{ticket.reference}/"
    assert ticket.learner == learner and ticket.course == course
    attachment = ticket.attachments.get()
    assert attachment.original_name == "black-screen.pdf"

    # Support answers in the admin: a public reply and an internal note.
    client.force_login(agent)
    detail = reverse("support_tickets:detail", args=[ticket.pk])
    assert client.get(detail).status_code == 200
    client.post(detail, {"action": "reply", "kind": "public", "body": REPLY})
    client.post(detail, {"action": "reply", "kind": "internal", "body": NOTE})
    staff_page = client.get(detail).content.decode()
    assert REPLY in staff_page and NOTE in staff_page
    assert "support-message--internal" in staff_page

    # The learner sees the reply, never the note.
    client.force_login(learner)
    page = client.get(f"/support/{ticket.reference}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert REPLY in html
    assert NOTE not in html and "SECRET-NOTE" not in html
    assert "black-screen.pdf" in html
    download = client.get(reverse("support:attachment", args=[ticket.pk, attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF_BYTES

    # Support resolves it.
    client.force_login(agent)
    response = client.post(
        detail,
        {
            "action": "update",
            "status": "resolved",
            "priority": "normal",
            "owner": agent.pk,
            "resolution_note": "Cache cleared; video plays.",
        },
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.RESOLVED
    assert ticket.owner == agent
    assert ticket.first_response_at is not None

    # The reports count it.
    Ticket.objects.filter(pk=ticket.pk).update(
        first_response_at=ticket.created_at + datetime.timedelta(hours=2),
        resolved_at=ticket.created_at + datetime.timedelta(hours=5),
    )
    report = build_report(user=agent)
    assert report.total == 1
    assert dict(report.by_category)["Technical problem"] == 1
    assert dict(report.by_category)["Logging in"] == 0
    assert report.median_first_response == datetime.timedelta(hours=2)
    assert report.median_resolution == datetime.timedelta(hours=5)
    assert report.backlog == 0
    assert report.overdue == 0

    page = client.get(reverse("support_reports:index")).content.decode()
    assert "2 h 0 min" in page and "5 h 0 min" in page

    today = timezone.localdate()
    later = build_report(user=agent, start=today + datetime.timedelta(days=1))
    assert later.total == 0 and later.median_resolution is None


def test_reports_medians_backlog_by_owner_and_overdue(learner, agent, coordinator):
    from lms.support.services import assign, open_ticket

    now = timezone.now()
    tickets = [
        open_ticket(learner=learner, category="login", subject=f"T{n}", description="x")
        for n in range(3)
    ]
    for hours, ticket in zip((1, 3, 8), tickets, strict=True):
        Ticket.objects.filter(pk=ticket.pk).update(
            first_response_at=ticket.created_at + datetime.timedelta(hours=hours)
        )
    assign(ticket=tickets[0], by=coordinator, owner=agent)
    assign(ticket=tickets[1], by=coordinator, owner=agent)
    Ticket.objects.filter(pk=tickets[2].pk).update(due_at=now - datetime.timedelta(minutes=5))

    report = build_report(user=coordinator)
    assert report.total == 3
    assert report.median_first_response == datetime.timedelta(hours=3)
    assert report.median_resolution is None
    assert report.backlog_by_owner == [("Sam " + agent.last_name, 2), (None, 1)]
    assert report.overdue == 1
