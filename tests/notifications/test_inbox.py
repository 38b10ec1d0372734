"""The portal inbox: own messages only, unread first, marking read."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.notifications.models import Notification
from lms.notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stranger(db):
    return UserFactory(email="stranger@example.com")


def message(recipient, subject, *, url="", read=False, days_ago=0):
    note = notify(recipient=recipient, kind="grade.released", subject=subject, url=url)
    note.created_at = timezone.now() - datetime.timedelta(days=days_ago)
    note.read_at = timezone.now() if read else None
    note.save()
    return note


def test_the_inbox_lists_unread_first_then_newest(client, learner):
    message(learner, "Old read", read=True, days_ago=1)
    message(learner, "Older unread", days_ago=3)
    message(learner, "Newest read", read=True)
    message(learner, "Newer unread", days_ago=2)
    client.force_login(learner)
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 200
    subjects = [note.subject for note in response.context["notifications"]]
    assert subjects == ["Newer unread", "Older unread", "Newest read", "Old read"]
    html = response.content.decode()
    assert "You have 2 unread messages." in html
    assert html.count("inbox-item--unread") == 2


def test_the_inbox_shows_only_the_users_own_messages(client, learner, stranger):
    message(stranger, "Someone else's grade")
    client.force_login(learner)
    html = client.get(reverse("notifications:inbox")).content.decode()
    assert "Someone else&#x27;s grade" not in html and "Someone else's grade" not in html
    assert "No messages yet" in html


def test_the_inbox_needs_a_login(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_opening_a_message_marks_it_read_and_follows_its_link(client, learner):
    note = message(learner, "Your result", url="/courses/")
    client.force_login(learner)
    response = client.get(reverse("notifications:open", args=[note.pk]))
    assert (response.status_code, response.url) == (302, "/courses/")
    note.refresh_from_db()
    assert note.read_at is not None


def test_an_offsite_link_is_not_followed(client, learner):
    note = message(learner, "Phish", url="https://evil.example/")
    client.force_login(learner)
    response = client.get(reverse("notifications:open", args=[note.pk]))
    assert response.url == reverse("notifications:inbox")


def test_marking_one_read(client, learner):
    note = message(learner, "Your result")
    client.force_login(learner)
    assert client.get(reverse("notifications:read", args=[note.pk])).status_code == 405
    response = client.post(reverse("notifications:read", args=[note.pk]))
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None


def test_marking_all_read_touches_only_the_users_messages(client, learner, stranger):
    mine = [message(learner, f"Mine {n}") for n in range(3)]
    theirs = message(stranger, "Theirs")
    client.force_login(learner)
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "3 message(s) marked as read." in response.content.decode()
    assert not Notification.objects.filter(pk__in=[n.pk for n in mine], read_at__isnull=True)
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_another_users_message_is_a_404_to_open_or_mark(client, learner, stranger):
    theirs = message(stranger, "Theirs", url="/courses/")
    client.force_login(learner)
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_header_shows_the_unread_count(client, learner):
    message(learner, "One")
    message(learner, "Two")
    message(learner, "Read", read=True)
    client.force_login(learner)
    html = client.get(reverse("dashboard:home")).content.decode()
    assert 'href="/inbox/"' in html
    assert '<span class="site-nav__count">2<span class="visually-hidden"> unread</span>' in html


def test_anonymous_visitors_get_no_inbox_link(client):
    html = client.get("/courses/").content.decode()
    assert 'href="/inbox/"' not in html
