import re

import pytest
from django.core import mail
from django.urls import reverse

from lms.accounts.models import User
from lms.accounts.roles import Role
from lms.audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invite(client, coordinator, django_capture_on_commit_callbacks):
    def _invite(**data):
        client.force_login(coordinator)
        form = {
            "email": "new@example.com",
            "first_name": "Nia",
            "last_name": "Obi",
            "roles": [Role.LEARNER],
            **data,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("lectern_invite"), form)

    return _invite


def activation_link():
    return re.search(r"http://[^\s\"]+/accounts/activate/[^\s\"]+/", mail.outbox[-1].body).group(0)


def test_a_coordinator_invites_someone_who_then_activates_their_account(client, invite):
    response = invite()
    assert response.status_code == 302
    person = User.objects.get(email="new@example.com")
    assert not person.is_active
    assert not person.has_usable_password()
    assert person.has_role(Role.LEARNER)
    assert mail.outbox[-1].to == ["new@example.com"]
    assert "Nia" in mail.outbox[-1].body

    client.logout()
    path = "/" + activation_link().split("/", 3)[-1]
    response = client.post(
        path, {"new_password1": "Quiet-river-stones-88", "new_password2": "Quiet-river-stones-88"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_active
    assert person.check_password("Quiet-river-stones-88")
    assert AuditEvent.objects.filter(action="user.activated", target_id=str(person.pk)).exists()
    assert AuditEvent.objects.filter(action="user.invited", target_id=str(person.pk)).exists()

    # The link works once.
    again = client.get(path)
    assert again.status_code == 400
    assert "no longer valid" in again.content.decode()


def test_password_validators_apply_on_activation(client, invite):
    invite()
    client.logout()
    path = "/" + activation_link().split("/", 3)[-1]
    response = client.post(path, {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()


def test_a_manager_invitation_needs_an_organisation(invite):
    response = invite(roles=[Role.MANAGER])
    assert response.status_code == 200
    assert "must belong to an organisation" in response.content.decode()
    assert not User.objects.filter(email="new@example.com").exists()


def test_a_learner_cannot_open_the_invitation_page(client, learner):
    client.force_login(learner)
    response = client.get(reverse("lectern_invite"))
    assert response.status_code in (302, 403)
    assert not User.objects.filter(email="new@example.com").exists()


def test_an_instructor_cannot_invite(client, instructor):
    client.force_login(instructor)
    response = client.post(reverse("lectern_invite"), {"email": "x@example.com"})
    # Wagtail answers a refused admin view with a redirect and a message.
    assert response.status_code in (302, 403)
    assert not User.objects.filter(email="x@example.com").exists()


def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    UserFactory(email="ana@x.com")
    response = client.post(reverse("accounts:password_reset"), {"email": "ana@x.com"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["ana@x.com"]
    link = re.search(r"https?://[^\s\"]+/accounts/password/reset/[^\s\"]+/", mail.outbox[-1].body)
    assert link is not None
