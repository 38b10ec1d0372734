import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.accounts.roles import Role
from lms.cohorts.calendar import _fold, ical_feed
from lms.cohorts.models import CalendarFeed, Session
from lms.cohorts.services import enroll_learner
from tests.factories import UserFactory
from tests.factories.cohorts import CohortFactory
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions():
    course = build_course(modules=1, lessons=1, code="CAL-1", slug="cal")[0]
    mine, theirs = (
        CohortFactory(course=course, code="CAL-A"),
        CohortFactory(course=course, code="CAL-B"),
    )
    teacher = UserFactory(first_name="Ivan", last_name="Petrov", roles=[Role.INSTRUCTOR])
    soon = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
    Session.objects.create(
        cohort=mine,
        title="Our workshop, part 1; basics",
        starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=2),
        location="Room 4",
        instructor=teacher,
    )
    Session.objects.create(
        cohort=theirs,
        title="Someone else's class",
        starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=1),
    )
    return mine, teacher


def test_a_learner_sees_only_their_cohorts_sessions(client, learner, sessions):
    cohort, _teacher = sessions
    enroll_learner(cohort=cohort, learner=learner)
    client.force_login(learner)
    for view in ("month", "week"):
        body = client.get(reverse("calendar:calendar"), {"view": view}).content.decode()
        assert "Our workshop, part 1; basics" in body
        assert "Someone else" not in body


def test_an_instructor_sees_the_sessions_they_teach(client, sessions):
    _cohort, teacher = sessions
    client.force_login(teacher)
    body = client.get(reverse("calendar:calendar")).content.decode()
    assert "Our workshop, part 1; basics" in body
    assert "Someone else" not in body


def test_the_private_feed_is_valid_icalendar_for_its_owner_only(client, learner, sessions):
    cohort, _teacher = sessions
    enroll_learner(cohort=cohort, learner=learner)
    feed = CalendarFeed.objects.create(user=learner)
    response = client.get(reverse("calendar:feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Our workshop\\, part 1\\; basics (CAL-A)" in text
    assert "LOCATION:Room 4" in text
    assert "Someone else" not in text
    assert client.get(reverse("calendar:feed", args=["not-a-token"])).status_code == 404


def test_a_new_address_revokes_the_old_one(client, learner):
    client.force_login(learner)
    client.get(reverse("calendar:calendar"))
    old = CalendarFeed.objects.get(user=learner).token
    client.post(reverse("calendar:new_feed_address"))
    new = CalendarFeed.objects.get(user=learner).token
    assert new != old
    assert client.get(reverse("calendar:feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar:feed", args=[new])).status_code == 200


def test_long_lines_are_folded_at_75_octets():
    folded = _fold("SUMMARY:" + "é" * 60)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "é" * 60


def test_feed_of_someone_without_sessions_is_still_a_calendar(learner):
    text = ical_feed(learner)
    assert "BEGIN:VEVENT" not in text and "END:VCALENDAR" in text


def test_the_calendar_needs_a_login(client):
    assert client.get(reverse("calendar:calendar")).status_code == 302


@pytest.mark.parametrize(
    "query", [{"date": "9999-12-31"}, {"view": "week", "date": "0001-01-02"}, {"date": "nonsense"}]
)
def test_impossible_dates_fall_back_to_today(client, learner, query):
    client.force_login(learner)
    assert client.get(reverse("calendar:calendar"), query).status_code == 200
