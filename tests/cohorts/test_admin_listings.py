"""The cohorts, schedule and enrolments listings show short, readable cells."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.cohorts.models import Session
from lms.cohorts.services import enroll_learner
from lms.cohorts.viewsets import cohort_dates, session_when, session_where
from tests.factories import UserFactory
from tests.factories.cohorts import CohortFactory
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db


def listing(response):
    """The listing table alone (the filter drop-downs still name cohorts in full)."""
    page = response.content.decode()
    start = page.index('<table class="listing')
    return page[start : page.index("</table>", start)]


@pytest.fixture
def course():
    return build_course(modules=1, lessons=1, code="LS-1", slug="ls-1")[0]


def at(day, hour, minute=0):
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        (datetime.date(2026, 11, 2), datetime.date(2026, 12, 15), "2 Nov \u2013 15 Dec 2026"),
        (datetime.date(2026, 12, 2), datetime.date(2027, 1, 15), "2 Dec 2026 \u2013 15 Jan 2027"),
        (None, None, "No fixed dates"),
        (datetime.date(2026, 12, 2), None, "From 2 Dec 2026"),
    ],
)
def test_a_cohorts_dates_read_as_one_range(start, end, shown):
    assert cohort_dates(CohortFactory.build(start_date=start, end_date=end)) == shown


def test_a_session_reads_as_one_day_and_time_range_and_its_place(course):
    cohort = CohortFactory(course=course, location="", meeting_url="https://meet.example/x")
    day = datetime.date(2026, 11, 4)
    session = Session(
        cohort=cohort, title="Kick-off", starts_at=at(day, 10), ends_at=at(day, 11, 30)
    )
    assert session_when(session) == "Wed 4 Nov 2026, 10:00\u201311:30"
    assert session_where(session) == "Online"
    session.location = "Room 2"
    assert session_where(session) == "Room 2"
    cohort.meeting_url = ""
    session.location = ""
    assert session_where(session) == "\u2014"


def test_the_listings_show_codes_and_ranges_not_long_labels(client, coordinator, course):
    cohort = CohortFactory(
        course=course,
        code="LS-1-NOV",
        name="A long cohort name that used to be repeated on every enrolment row",
        start_date=datetime.date(2026, 11, 2),
        end_date=datetime.date(2026, 12, 15),
    )
    day = datetime.date(2026, 11, 4)
    Session.objects.create(
        cohort=cohort, title="Kick-off", starts_at=at(day, 10), ends_at=at(day, 11, 30)
    )
    enroll_learner(cohort=cohort, learner=UserFactory())
    client.force_login(coordinator)

    cohorts = listing(client.get(reverse("cohorts:index")))
    assert "2 Nov \u2013 15 Dec 2026" in cohorts

    schedule = listing(client.get(reverse("schedule:index")))
    assert "Wed 4 Nov 2026, 10:00\u201311:30" in schedule
    assert "A long cohort name" not in schedule

    enrolments = listing(client.get(reverse("wagtailsnippets_cohorts_enrollment:list")))
    assert "LS-1-NOV" in enrolments
    assert "A long cohort name" not in enrolments
    assert "a.m." not in enrolments  # enrolled on a day; the time is in the history


def test_the_enrolments_listing_sorts_by_cohort_code(client, coordinator, course):
    for code in ("LS-1-B", "LS-1-A"):
        enroll_learner(cohort=CohortFactory(course=course, code=code), learner=UserFactory())
    client.force_login(coordinator)
    page = listing(
        client.get(reverse("wagtailsnippets_cohorts_enrollment:list"), {"ordering": "cohort__code"})
    )
    assert page.index("LS-1-A") < page.index("LS-1-B")
