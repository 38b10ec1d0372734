"""
Demo support tickets: one answered with a public reply and an internal note,
one past its response target, one resolved. Idempotent: a ticket is looked
up by its learner and subject.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lms.accounts.models import User
from lms.courses.models import CoursePage
from lms.support.models import Ticket
from lms.support.services import add_comment, assign, change_status, open_ticket

AGENT = "support@lectern.test"


def build_support_tickets():
    agent = User.objects.filter(email=AGENT).first()
    if agent is None:
        return 0
    now = timezone.now()
    course = CoursePage.objects.filter(code="DP-101").first()
    created = 0

    ticket, new = _ticket(
        "learner@northwind.example",
        subject="The module 2 quiz will not submit",
        category="technical",
        description=(
            "When I press Submit on the lawful bases quiz the page reloads and my answers "
            "are gone. I attached what the browser console said."
        ),
        course=course,
        files=[
            SimpleUploadedFile(
                "console-log.txt",
                b"POST /assess/ 403 (Forbidden)\nCSRF verification failed.\n",
                content_type="text/plain",
            )
        ],
        now=now - datetime.timedelta(hours=6),
    )
    if new:
        created += 1
        assign(ticket=ticket, by=agent, owner=agent)
        add_comment(
            ticket=ticket,
            author=agent,
            body=(
                "Thanks, Liam. The console log helps: your session had expired. Please log out, "
                "log in again and retry the quiz. Your earlier answers are saved as a draft."
            ),
            now=now - datetime.timedelta(hours=4),
        )
        add_comment(
            ticket=ticket,
            author=agent,
            is_internal=True,
            body=(
                "Third report of expired sessions on Northwind laptops this week; "
                "their proxy strips cookies after 2 hours. Raised with IT."
            ),
            now=now - datetime.timedelta(hours=4),
        )

    _ticket_overdue, new = _ticket(
        "noor.haddad@northwind.example",
        subject="Cannot log in on my work laptop",
        category="login",
        description="The login page says my password is wrong, but it works on my phone.",
        now=now - datetime.timedelta(hours=12),
    )
    created += new

    resolved, new = _ticket(
        "jonas.weber@northwind.example",
        subject="Which name goes on my certificate?",
        category="certificate",
        description="My certificate should say Jonas A. Weber, as on my passport.",
        now=now - datetime.timedelta(days=3),
    )
    if new:
        created += 1
        add_comment(
            ticket=resolved,
            author=agent,
            body="Your profile name is used. I have added your middle initial to it.",
            now=now - datetime.timedelta(days=2, hours=20),
        )
        change_status(
            ticket=resolved,
            by=agent,
            status="resolved",
            resolution_note="Profile name updated to Jonas A. Weber.",
            now=now - datetime.timedelta(days=2, hours=20),
        )
    return created


def _ticket(email, *, subject, now, **fields):
    learner = User.objects.filter(email=email).first()
    if learner is None:
        return None, False
    existing = Ticket.objects.filter(learner=learner, subject=subject).first()
    if existing:
        return existing, False
    return open_ticket(learner=learner, subject=subject, now=now, **fields), True
