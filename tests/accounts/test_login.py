import pytest
from django.urls import reverse

from lms.accounts import throttle
from lms.audit.models import AuditEvent
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "accounts:login"


def attempt(client, email, password, ip="203.0.113.7"):
    return client.post(reverse(LOGIN), {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_login_and_failed_login_are_audited_with_the_address(client):
    user = UserFactory(email="ana@x.com")
    attempt(client, "ana@x.com", "wrong")
    attempt(client, "ana@x.com", PASSWORD)
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.ip_address == "203.0.113.7"
    assert failed.after == {"email": "ana@x.com"}
    success = AuditEvent.objects.get(action="auth.login")
    assert success.actor == user


def test_a_wrong_password_says_so_without_saying_which_part(client):
    UserFactory(email="ana@x.com")
    response = attempt(client, "ana@x.com", "wrong")
    assert "do not match an active account" in response.content.decode()


def test_an_account_cools_down_after_five_failures_even_with_the_right_password(client, settings):
    UserFactory(email="ana@x.com")
    for _ in range(settings.LECTERN_LOGIN_THROTTLE["ACCOUNT_FAILURES"]):
        attempt(client, "ana@x.com", "wrong", ip="198.51.100.1")
    response = attempt(client, "ana@x.com", PASSWORD, ip="198.51.100.2")
    assert response.status_code == 200
    assert "Too many failed attempts. Try again in 5 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_cool_down_is_short_so_the_owner_gets_back_in(client, monkeypatch, settings):
    UserFactory(email="ana@x.com")
    now = [1_000_000.0]
    monkeypatch.setattr(throttle.time, "time", lambda: now[0])
    for _ in range(settings.LECTERN_LOGIN_THROTTLE["ACCOUNT_FAILURES"]):
        attempt(client, "ana@x.com", "wrong")
    now[0] += settings.LECTERN_LOGIN_THROTTLE["ACCOUNT_COOLDOWN_SECONDS"] + 1
    response = attempt(client, "ana@x.com", PASSWORD)
    assert response.status_code == 302


def test_one_address_trying_many_accounts_is_held_back(client, settings):
    UserFactory(email="victim@x.com")
    for n in range(settings.LECTERN_LOGIN_THROTTLE["IP_FAILURES"]):
        attempt(client, f"guess{n}@x.com", "wrong", ip="192.0.2.9")
    blocked = attempt(client, "victim@x.com", PASSWORD, ip="192.0.2.9")
    assert "Too many failed attempts" in blocked.content.decode()
    # The real owner, elsewhere, is not affected.
    allowed = attempt(client, "victim@x.com", PASSWORD, ip="192.0.2.200")
    assert allowed.status_code == 302


def test_the_wagtail_admin_login_is_throttled_too(client, settings):
    UserFactory(email="editor@x.com", is_superuser=True)
    for _ in range(settings.LECTERN_LOGIN_THROTTLE["ACCOUNT_FAILURES"]):
        client.post(reverse("wagtailadmin_login"), {"username": "editor@x.com", "password": "x"})
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "editor@x.com", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_successful_login_clears_the_account_counter(client, settings):
    UserFactory(email="ana@x.com")
    for _ in range(settings.LECTERN_LOGIN_THROTTLE["ACCOUNT_FAILURES"] - 1):
        attempt(client, "ana@x.com", "wrong")
    assert attempt(client, "ana@x.com", PASSWORD).status_code == 302
    client.logout()
    attempt(client, "ana@x.com", "wrong")
    assert attempt(client, "ana@x.com", PASSWORD).status_code == 302


def test_logout_is_a_post(client, learner):
    client.force_login(learner)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session
