"""
Query counts are part of the contract of the pages learners load most: the
same number of queries whatever the size of the course or the catalogue.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.cohorts.services import self_enroll
from lms.progress.learning import complete_lesson
from tests.factories import UserFactory
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db

# Upper bounds (the tests also check the count does not grow with data).
# Course and lesson pages pay two queries for Wagtail's page view
# restrictions (ancestors' aliases, restrictions) and one for the header's
# unread-inbox count. The user's roles come with the user (one query), and
# routing never loads the home page's own fields.
CATALOGUE_QUERIES = 8
OVERVIEW_QUERIES = 12
# A lesson re-opened within a minute writes nothing; moving to another lesson
# adds two writes (the progress row's view time, the enrolment's place).
LESSON_QUERIES = 9
LESSON_FIRST_OPEN_QUERIES = LESSON_QUERIES + 2


def count(client, url):
    client.get(url)  # warm caches (site root paths, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


def studying(client, learner, modules, lessons, code):
    course, tree = build_course(modules=modules, lessons=lessons, code=code, slug=code.lower())
    all_lessons = [lesson for _m, ls in tree for lesson in ls]
    enrollment = self_enroll(course=course, learner=learner)
    client.get(all_lessons[0].url)
    for lesson in all_lessons[: len(all_lessons) // 2]:
        complete_lesson(learner=learner, lesson=lesson, course=course, enrollment=enrollment)
    return course, all_lessons


def test_the_catalogue_costs_the_same_for_two_or_twelve_courses(client):
    for n in range(2):
        build_course(modules=1, lessons=2, code=f"A-{n}", slug=f"a-{n}")
    small = count(client, "/courses/")
    for n in range(10):
        build_course(modules=2, lessons=3, code=f"B-{n}", slug=f"b-{n}")
    big = count(client, "/courses/")
    assert small == big <= CATALOGUE_QUERIES


def test_a_course_overview_costs_the_same_for_a_small_or_a_big_course(client, learner):
    client.force_login(learner)
    small_course, _ = studying(client, learner, 1, 2, "S-1")
    big_course, _ = studying(client, learner, 4, 6, "B-1")
    small = count(client, small_course.url)
    big = count(client, big_course.url)
    assert small == big <= OVERVIEW_QUERIES


def test_a_lesson_costs_the_same_for_a_small_or_a_big_course(client, learner):
    client.force_login(learner)
    _small_course, small_lessons = studying(client, learner, 1, 2, "S-1")
    _big_course, big_lessons = studying(client, learner, 4, 6, "B-1")
    small = count(client, small_lessons[1].url)
    big = count(client, big_lessons[7].url)
    assert small == big <= LESSON_QUERIES


def test_opening_another_lesson_writes_the_visit_and_a_reload_does_not(client, learner):
    client.force_login(learner)
    _course, lessons = studying(client, learner, 2, 3, "V-1")
    client.get(lessons[1].url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(lessons[2].url).status_code == 200
    writes = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(ctx.captured_queries) == LESSON_FIRST_OPEN_QUERIES
    assert len(writes) == 2, writes
    assert count(client, lessons[2].url) == LESSON_QUERIES


def test_anonymous_overview_does_not_grow_with_other_learners(client):
    course, _tree = build_course(modules=2, lessons=3, code="P-1", slug="p-1")
    before = count(client, course.url)
    for n in range(5):
        self_enroll(course=course, learner=UserFactory(email=f"l{n}@example.com"))
    assert count(client, course.url) == before


def test_a_lesson_with_the_database_cache_does_not_read_it_per_outline_row(
    client, learner, settings
):
    # The embedded deployment's cache is a table: every cache read is a query.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "test_query_counts_cache",
        }
    }
    call_command("createcachetable", verbosity=0)
    client.force_login(learner)
    _course, lessons = studying(client, learner, 4, 6, "B-1")
    client.get(lessons[7].url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(lessons[7].url)
    assert response.status_code == 200
    cache_reads = [q for q in ctx.captured_queries if "test_query_counts_cache" in q["sql"]]
    assert len(cache_reads) <= 3, [q["sql"] for q in cache_reads]
