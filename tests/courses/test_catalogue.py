"""The public catalogue: what each card says, the filters, and what it leaves out."""

import re

import pytest

from lms.courses.models import CourseStatus
from tests.factories.courses import build_course, publish

pytestmark = pytest.mark.django_db


def cards(response):
    html = response.content.decode()
    return re.findall(r'<h3 class="card__title"[^>]*><a href="([^"]+)">([^<]+)</a>', html)


def titles(response):
    return [title for _url, title in cards(response)]


@pytest.fixture
def courses():
    safety, _tree = build_course(
        modules=1,
        lessons=3,
        title="Fire safety",
        slug="fire-safety",
        code="FS-1",
        course_type="health_safety",
        difficulty="introductory",
        language="en",
    )
    safety.skills.add("Evacuation")
    publish(safety)
    python, _tree = build_course(
        modules=2,
        lessons=6,
        title="Python for analysts",
        slug="python",
        code="PY-2",
        course_type="technical",
        difficulty="advanced",
        language="fr",
        estimated_minutes=600,
    )
    return safety, python


def test_each_card_shows_what_a_learner_decides_on(client, courses):
    response = client.get("/courses/")
    html = response.content.decode()
    assert cards(response) == [
        ("/courses/fire-safety/", "Fire safety"),
        ("/courses/python/", "Python for analysts"),
    ]
    fire, python = html.split("<li><article")[1:3]
    assert '<span class="course-cover__code">FS-1</span>' in fire
    assert '<span class="badge badge--primary">Health and safety</span>' in fire
    assert '<span class="visually-hidden">Level:</span> Introductory' in fire
    assert "3 lessons" in fire
    assert '<span class="visually-hidden">Duration:</span> 30 min' in fire
    assert '<span class="visually-hidden">Language:</span> English' in fire
    assert '<a class="skill" href="?skill=evacuation">Evacuation</a>' in fire
    assert "12 lessons" in python and "10 h" in python and "French" in python


def test_the_filters_narrow_the_list_and_stay_selected(client, courses):
    response = client.get("/courses/?type=technical&difficulty=advanced&language=fr")
    assert titles(response) == ["Python for analysts"]
    html = response.content.decode()
    assert '<option value="technical" selected>Technical</option>' in html
    assert '<option value="advanced" selected>Advanced</option>' in html
    assert '<option value="fr" selected>French</option>' in html
    assert titles(client.get("/courses/?duration=short")) == ["Fire safety"]
    assert titles(client.get("/courses/?duration=long")) == ["Python for analysts"]
    skill = client.get("/courses/?skill=evacuation")
    assert titles(skill) == ["Fire safety"]
    assert '<option value="evacuation" selected>Evacuation</option>' in skill.content.decode()
    assert titles(client.get("/courses/?q=python")) == ["Python for analysts"]


def test_no_match_says_so_and_offers_to_clear(client, courses):
    html = client.get("/courses/?type=leadership").content.decode()
    assert "No courses match these filters" in html
    assert "Clear filters" in html


def test_a_bad_filter_value_is_named_not_a_crash(client, courses):
    response = client.get("/courses/?type=astrology")
    assert response.status_code == 200
    assert "Select a valid choice. astrology is not one of the available choices." in (
        response.content.decode()
    )


def test_draft_and_retired_courses_stay_out(client, courses):
    safety, _python = courses
    safety.status = CourseStatus.RETIRED
    publish(safety)
    build_course(
        modules=1,
        lessons=1,
        title="Not yet",
        slug="not-yet",
        code="NY-1",
        status=CourseStatus.DRAFT,
    )
    assert titles(client.get("/courses/")) == ["Python for analysts"]


def test_course_text_is_escaped_on_the_card(client):
    build_course(
        modules=1,
        lessons=1,
        title="<script>alert(1)</script> & more",
        slug="xss",
        code="X<1>",
        summary='"quoted" <b>bold</b>',
    )
    html = client.get("/courses/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert "X&lt;1&gt;" in html
    assert "&quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt;" in html
