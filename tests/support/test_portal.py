import pytest
from django.urls import reverse

from lms.support.models import Ticket, TicketAttachment
from lms.support.services import add_comment, change_status
from tests.support.conftest import html_as_pdf, stored_files

pytestmark = pytest.mark.django_db


def test_new_ticket_from_a_course_page_is_pre_linked(client, learner, course, enrollment):
    client.force_login(learner)
    page = client.get(f"{reverse('support:new')}?course={course.pk}").content.decode()
    assert "Data protection basics" in page
    assert f'name="course" value="{course.pk}"' in page


def test_course_overview_offers_help_with_the_course(client, learner, course, enrollment):
    from tests.factories.courses import publish

    publish(course)
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    assert "Get help with this course" in html
    assert f"/support/new/?course={course.pk}" in html


def test_html_named_pdf_is_refused_in_the_form_with_nothing_saved(client, learner):
    client.force_login(learner)
    before = stored_files()
    response = client.post(
        reverse("support:new"),
        {
            "category": "billing",
            "subject": "Invoice",
            "description": "See attached.",
            "attachments": [html_as_pdf("invoice.pdf")],
        },
    )
    assert response.status_code == 200
    assert "invoice.pdf is not really a .pdf file (it looks like HTML or XML)." in (
        response.content.decode()
    )
    assert not Ticket.objects.exists() and not TicketAttachment.objects.exists()
    assert stored_files() == before


def test_missing_fields_are_named(client, learner):
    client.force_login(learner)
    response = client.post(reverse("support:new"), {"category": "nonsense", "subject": ""})
    form = response.context["form"]
    assert set(form.errors) == {"category", "subject", "description"}
    assert (
        "Select a valid choice. nonsense is not one of the available choices."
        in (form.errors["category"])
    )


def test_list_shows_status_badges(client, learner, ticket, agent):
    add_comment(ticket=ticket, author=agent, body="On it.")
    client.force_login(learner)
    html = client.get(reverse("support:tickets")).content.decode()
    assert ticket.reference in html
    assert '<span class="badge badge--primary">Open</span>' in html


def test_reply_on_a_resolved_ticket_reopens_it(client, learner, ticket, agent):
    change_status(ticket=ticket, by=agent, status="resolved", resolution_note="Fixed upstream.")
    client.force_login(learner)
    page = client.get(reverse("support:ticket", args=[ticket.pk])).content.decode()
    assert "Fixed upstream." in page
    response = client.post(
        reverse("support:ticket", args=[ticket.pk]), {"body": "It broke again."}, follow=True
    )
    assert "Your reply was sent." in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == "open"


def test_ticket_list_query_count_is_flat(client, learner, django_assert_max_num_queries):
    from lms.support.services import open_ticket

    for n in range(5):
        open_ticket(learner=learner, category="other", subject=f"Q{n}", description="d")
    client.force_login(learner)
    with django_assert_max_num_queries(12):
        client.get(reverse("support:tickets"))
