import pytest
from django.urls import reverse

from lms.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_profile_shows_organisation_and_roles(client, learner):
    client.force_login(learner)
    body = client.get(reverse("accounts:profile")).content.decode()
    assert "Northwind" in body
    assert "Learner" in body
    assert learner.email in body


def test_profile_changes_are_saved_and_audited(client, learner):
    client.force_login(learner)
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Zoë", "last_name": "Lund", "job_title": "Driver", "department": "Fleet"},
        follow=True,
    )
    assert "Your profile has been saved." in response.content.decode()
    learner.refresh_from_db()
    assert (learner.first_name, learner.department) == ("Zoë", "Fleet")
    event = AuditEvent.objects.get(action="user.profile_changed")
    assert event.after["department"] == "Fleet"


def test_markup_in_a_name_is_shown_escaped(client, learner):
    learner.first_name = "<script>alert(1)</script>"
    learner.save()
    client.force_login(learner)
    body = client.get(reverse("accounts:profile")).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
