"""Who reaches which ticket, in the portal and the admin: anything else is a 404."""

import pytest
from django.urls import reverse

from lms.support.models import ResponseTarget, Ticket
from lms.support.services import add_comment
from tests.support.conftest import pdf

pytestmark = pytest.mark.django_db

NOTE = "INTERNAL-ONLY remark about the learner"


def portal(ticket):
    return reverse("support:ticket", args=[ticket.pk])


def admin(ticket):
    return reverse("support_tickets:detail", args=[ticket.pk])


def portal_file(ticket, attachment):
    return reverse("support:attachment", args=[ticket.pk, attachment.pk])


def admin_file(ticket, attachment):
    return reverse("support_tickets:attachment", args=[ticket.pk, attachment.pk])


@pytest.fixture
def internal_file(ticket, agent):
    comment = add_comment(
        ticket=ticket, author=agent, body=NOTE, is_internal=True, files=[pdf("notes.pdf")]
    )
    return comment.attachments.get()


def test_urls_use_the_reference(ticket):
    assert portal(ticket) == f"/support/{ticket.reference}/"
    assert admin(ticket) == f"/admin/support_tickets/{ticket.reference}/"


def test_anonymous_people_are_sent_to_log_in(client, ticket):
    for url in (reverse("support:tickets"), reverse("support:new"), portal(ticket)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_learner_sees_own_tickets_only(client, learner, ticket, other_ticket):
    client.force_login(learner)
    listing = client.get(reverse("support:tickets")).content.decode()
    assert ticket.reference in listing and other_ticket.reference not in listing
    assert client.get(portal(ticket)).status_code == 200
    assert client.get(portal(other_ticket)).status_code == 404
    other_file = other_ticket.attachments.first()
    assert (
        other_file is None or client.get(portal_file(other_ticket, other_file)).status_code == 404
    )


def test_learner_cannot_open_the_admin_side(client, learner, ticket):
    client.force_login(learner)
    assert client.get(admin(ticket)).status_code == 302  # Wagtail: no admin access
    assert client.get(reverse("support_tickets:index")).status_code == 302


def test_learner_cannot_fetch_another_tickets_attachment_by_id(
    client, learner, other_learner, ticket
):
    attachment = ticket.attachments.get()
    client.force_login(other_learner)
    assert client.get(portal_file(ticket, attachment)).status_code == 404
    # Nor by pairing their own ticket's reference with someone else's file id.
    from lms.support.services import open_ticket

    mine = open_ticket(learner=other_learner, category="other", subject="s", description="d")
    assert client.get(portal_file(mine, attachment)).status_code == 404


def test_internal_notes_and_their_files_never_reach_the_portal(
    client, learner, ticket, internal_file
):
    client.force_login(learner)
    html = client.get(portal(ticket)).content.decode()
    assert NOTE not in html and "notes.pdf" not in html
    assert client.get(portal_file(ticket, internal_file)).status_code == 404


def test_manager_sees_nothing_unless_a_participant(client, manager, ticket, internal_file):
    client.force_login(manager)
    assert ticket.organisation == manager.organisation
    assert client.get(portal(ticket)).status_code == 404
    assert ticket.reference not in client.get(reverse("support:tickets")).content.decode()

    ticket.participants.add(manager)
    assert ticket.reference in client.get(reverse("support:tickets")).content.decode()
    html = client.get(portal(ticket)).content.decode()
    assert "Cannot upload my essay" in html and NOTE not in html
    assert client.get(portal_file(ticket, ticket.attachments.get(comment=None))).status_code == 200
    assert client.get(portal_file(ticket, internal_file)).status_code == 404
    assert client.get(admin(ticket)).status_code == 302


def test_participant_manager_can_reply_publicly(client, manager, ticket):
    ticket.participants.add(manager)
    client.force_login(manager)
    client.post(portal(ticket), {"body": "Adding context from the team."})
    assert ticket.comments.get().body == "Adding context from the team."


@pytest.mark.parametrize("role", ["agent", "coordinator", "administrator"])
def test_desk_roles_work_every_ticket(client, request, role, ticket, other_ticket, internal_file):
    client.force_login(request.getfixturevalue(role))
    for each in (ticket, other_ticket):
        assert client.get(admin(each)).status_code == 200
    assert NOTE in client.get(admin(ticket)).content.decode()
    queue = client.get(reverse("support_tickets:index")).content.decode()
    assert ticket.reference in queue and other_ticket.reference in queue
    download = client.get(admin_file(ticket, internal_file))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="notes.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("role", ["agent", "coordinator", "administrator"])
def test_desk_roles_do_not_see_tickets_in_their_own_portal(client, request, role, ticket):
    client.force_login(request.getfixturevalue(role))
    assert client.get(portal(ticket)).status_code == 404


def test_instructor_works_only_their_cohorts_tickets(
    client, instructor, ticket, other_ticket, internal_file
):
    client.force_login(instructor)
    assert client.get(admin(ticket)).status_code == 200
    assert client.get(admin(other_ticket)).status_code == 404
    assert client.get(admin_file(ticket, internal_file)).status_code == 200
    other_file_ticket = other_ticket
    assert (
        client.get(
            reverse("support_tickets:attachment", args=[other_file_ticket.pk, internal_file.pk])
        ).status_code
        == 404
    )
    queue = client.get(reverse("support_tickets:index")).content.decode()
    assert ticket.reference in queue and other_ticket.reference not in queue
    # The portal is for the people the ticket is about, not its workers.
    assert client.get(portal(ticket)).status_code == 404
    # Reports and targets are for the desk.
    assert client.get(reverse("support_reports:index")).status_code in (302, 403)


def test_instructor_cannot_change_another_cohorts_ticket_by_id(client, instructor, other_ticket):
    client.force_login(instructor)
    response = client.post(
        admin(other_ticket), {"action": "reply", "kind": "public", "body": "hello"}
    )
    assert response.status_code == 404
    assert not other_ticket.comments.exists()


def test_bulk_assign_ignores_tickets_outside_the_workers_scope(
    client, instructor, ticket, other_ticket
):
    client.force_login(instructor)
    client.post(
        reverse("support_tickets:index"),
        {"tickets": [ticket.pk, other_ticket.pk], "owner": instructor.pk},
    )
    # The form refuses a choice outside the queryset: nothing changes hands.
    assert not Ticket.objects.filter(owner=instructor).exists()
    client.post(reverse("support_tickets:index"), {"tickets": [ticket.pk], "owner": instructor.pk})
    assert list(Ticket.objects.filter(owner=instructor)) == [ticket]


def test_response_targets_are_edited_by_administrators_only(client, agent, administrator):
    target = ResponseTarget.objects.get(category="login")
    edit = reverse("support_targets:edit", args=[target.pk])
    client.force_login(agent)
    assert client.get(reverse("support_targets:index")).status_code == 200
    assert client.post(edit, {"category": "login", "response_hours": 1, "queue": "support"})[
        "Location"
    ]
    target.refresh_from_db()
    assert target.response_hours == 8

    client.force_login(administrator)
    response = client.post(edit, {"category": "login", "response_hours": 4, "queue": "support"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.response_hours == 4


def test_admin_status_change_refused_with_message(client, agent, ticket):
    client.force_login(agent)
    response = client.post(
        admin(ticket),
        {"action": "update", "status": "resolved", "priority": "normal", "resolution_note": ""},
        follow=True,
    )
    assert "Write a resolution note to resolve the ticket." in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == "new"


def test_portal_reply_on_closed_ticket_is_refused_with_a_message(client, learner, agent, ticket):
    from lms.support.services import change_status

    change_status(ticket=ticket, by=agent, status="closed")
    client.force_login(learner)
    response = client.post(portal(ticket), {"body": "Hello?"}, follow=True)
    html = response.content.decode()
    assert f"Ticket {ticket.reference} is closed and takes no more replies" in html
    assert not ticket.comments.exists()
