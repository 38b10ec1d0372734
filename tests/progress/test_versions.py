"""A republished course keeps mid-course learners on their version; progress is never lost."""

import pytest
from django.urls import reverse

from lms.accounts.roles import Role
from lms.cohorts.models import Enrollment
from lms.cohorts.services import move_to_latest_version, self_enroll
from lms.courses.models import CourseVersion
from lms.progress.learning import complete_lesson
from tests.factories import UserFactory
from tests.factories.courses import LessonPageFactory, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(client, enrolled, lessons):
    client.get(lessons[0].url)  # starting pins the version
    return Enrollment.objects.get(learner=enrolled)


def test_starting_pins_the_newest_version(started, course):
    assert (
        started.version == CourseVersion.objects.filter(course=course).order_by("-number").first()
    )


def test_a_lesson_added_later_is_not_shown_to_a_pinned_learner(
    client, started, course_tree, lessons
):
    module = course_tree[1][0][0]
    added = publish(LessonPageFactory(parent=module, title="Brand new lesson", slug="new-one"))
    assert client.get(added.url).status_code == 404
    assert "Brand new lesson" not in client.get(lessons[0].url).content.decode()

    newcomer = UserFactory(roles=[Role.LEARNER])
    self_enroll(course=course_tree[0], learner=newcomer)
    client.force_login(newcomer)
    assert client.get(added.url).status_code == 200


def test_a_removed_lesson_stays_readable_for_a_pinned_learner(client, started, lessons):
    lessons[1].unpublish()
    response = client.get(lessons[1].url)
    assert response.status_code == 200
    assert lessons[1].title in response.content.decode()


def test_an_edited_lesson_shows_the_pinned_text(client, started, lessons):
    lessons[0].body = [("rich_text", "<p>Rewritten for the new version.</p>")]
    publish(lessons[0])
    text = client.get(lessons[0].url).content.decode()
    assert "Read this carefully." in text
    assert "Rewritten for the new version." not in text


def test_moving_to_the_newest_version_keeps_progress(client, started, course, lessons, coordinator):
    complete_lesson(learner=started.learner, lesson=lessons[0], course=course, enrollment=started)
    lessons[1].unpublish()
    moved = move_to_latest_version(
        enrollments=Enrollment.objects.filter(pk=started.pk), by=coordinator
    )
    assert moved == 1
    started.refresh_from_db()
    assert started.version.number == CourseVersion.objects.filter(course=course).count()
    assert client.get(lessons[1].url).status_code == 404
    overview = client.get(course.url).content.decode()
    assert "20%" in overview  # 1 of the 5 lessons still in the course


def test_versions_are_recorded_only_when_the_course_changed(course, lessons):
    before = CourseVersion.objects.filter(course=course).count()
    publish(course)  # same content
    assert CourseVersion.objects.filter(course=course).count() == before


def test_deleting_a_lesson_with_learner_progress_is_refused_with_a_reason(
    client, started, lessons, administrator
):
    client.force_login(UserFactory(is_superuser=True))
    response = client.post(reverse("wagtailadmin_pages:delete", args=[lessons[0].pk]), follow=True)
    assert "cannot be deleted" in response.content.decode()
    assert type(lessons[0]).objects.filter(pk=lessons[0].pk).exists()


def test_the_admin_shows_learners_per_version_and_a_coordinator_moves_a_cohort(
    client, started, course, lessons, coordinator
):
    lessons[0].body = [("rich_text", "<p>Version two text.</p>")]
    publish(lessons[0])
    client.force_login(coordinator)
    url = reverse("lectern_course_versions", args=[course.pk])
    page = client.get(url).content.decode()
    assert f"v{started.version.number}" in page
    response = client.post(url, {"cohort": started.cohort.pk}, follow=True)
    assert "1 enrolment(s) moved to version" in response.content.decode()
    started.refresh_from_db()
    assert (
        started.version == CourseVersion.objects.filter(course=course).order_by("-number").first()
    )


def test_moving_one_learner_needs_an_active_enrolment(client, course, coordinator, started):
    client.force_login(coordinator)
    response = client.post(
        reverse("lectern_course_versions", args=[course.pk]),
        {"learner_email": "nobody@example.com"},
    )
    assert "nobody@example.com has no active enrolment in this course." in response.content.decode()


def test_the_course_editor_shows_the_versions_panel(client, course, started):
    client.force_login(UserFactory(is_superuser=True))
    page = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode()
    assert "Versions and learners" in page
    assert reverse("lectern_course_versions", args=[course.pk]) in page


@pytest.mark.parametrize("role", [Role.LEARNER, Role.MANAGER])
def test_learners_and_managers_cannot_open_the_versions_view(client, course, role):
    client.force_login(UserFactory(roles=[role]))
    response = client.get(reverse("lectern_course_versions", args=[course.pk]))
    assert response.status_code in (302, 403)


def test_an_author_sees_versions_but_cannot_move_learners(client, course, started):
    client.force_login(UserFactory(roles=[Role.AUTHOR]))
    url = reverse("lectern_course_versions", args=[course.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"cohort": started.cohort.pk}).status_code in (302, 403)
