"""Wagtail's page view restrictions still guard course and lesson pages."""

import pytest
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db


def test_a_password_on_a_course_shows_the_password_form_not_the_course(client, course, lessons):
    PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    response = client.get(course.url)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'name="password"' in text
    assert lessons[0].title not in text


def test_a_password_on_a_course_guards_its_lessons_for_enrolled_learners(
    client, enrolled, course, lessons
):
    PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    response = client.get(lessons[0].url)
    assert 'name="password"' in response.content.decode()
    assert "Read this carefully." not in response.content.decode()


def test_a_login_restriction_sends_visitors_to_log_in(client, course, lessons):
    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(course.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_unrestricted_lessons_still_serve_to_enrolled_learners(client, enrolled, lessons):
    response = client.get(lessons[0].url)
    assert response.status_code == 200
    assert "Read this carefully." in response.content.decode()
