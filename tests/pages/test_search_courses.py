import pytest
from django.urls import reverse

from lms.accounts.roles import Role
from lms.cohorts.services import self_enroll
from lms.courses.models import CourseStatus
from tests.factories import UserFactory
from tests.factories.courses import LessonPageFactory, build_course, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses():
    open_course, tree = build_course(
        modules=1, lessons=1, title="Ladder safety", slug="ladders", code="LAD-1"
    )
    lesson = tree[0][1][0]
    lesson.body = [("rich_text", "<p>Inspect the scaffolding clamps before climbing.</p>")]
    publish(lesson)
    draft, _tree = build_course(
        modules=1, lessons=1, title="Scaffolding secrets", slug="secret", code="SEC-1"
    )
    draft.status = CourseStatus.DRAFT
    publish(draft)
    return open_course, lesson, draft


def results(client, query):
    return client.get(reverse("search"), {"query": query}).content.decode()


def test_courses_are_found_by_title_and_summary(client, courses):
    assert "Ladder safety" in results(client, "ladder")


def test_lesson_bodies_are_found_only_by_people_who_may_open_them(client, courses, learner):
    open_course, lesson, _draft = courses
    assert lesson.title not in results(client, "scaffolding")
    client.force_login(learner)
    assert lesson.title not in results(client, "scaffolding")
    self_enroll(course=open_course, learner=learner)
    assert lesson.title in results(client, "scaffolding")


def test_draft_courses_never_appear_for_learners(client, courses, learner):
    client.force_login(learner)
    assert "Scaffolding secrets" not in results(client, "scaffolding")


def test_authors_find_everything(client, courses):
    client.force_login(UserFactory(roles=[Role.AUTHOR]))
    text = results(client, "scaffolding")
    assert "Scaffolding secrets" in text
    assert courses[1].title in text


def test_unpublished_lessons_are_not_found(client, courses, learner):
    open_course, lesson, _draft = courses
    extra = publish(
        LessonPageFactory(parent=lesson.get_parent(), title="Hidden clamps", slug="hidden")
    )
    extra.unpublish()
    self_enroll(course=open_course, learner=learner)
    client.force_login(learner)
    assert "Hidden clamps" not in results(client, "clamps")


def test_result_pages_keep_the_query(client):
    from tests.factories.courses import CoursePageFactory

    for n in range(12):
        CoursePageFactory(title=f"Welding module {n}", slug=f"welding-{n}", code=f"W-{n}")
    body = client.get(reverse("search"), {"query": "welding"}).content.decode()
    assert "?query=welding&amp;page=2" in body
