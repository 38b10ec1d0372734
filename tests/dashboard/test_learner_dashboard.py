import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.cohorts.models import Session
from lms.cohorts.services import enroll_learner, self_enroll
from lms.progress.learning import complete_lesson
from tests.factories import UserFactory
from tests.factories.cohorts import CohortFactory
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db


def test_a_new_learner_is_told_what_to_do(client, learner):
    client.force_login(learner)
    body = client.get(reverse("dashboard:home")).content.decode()
    assert "not enrolled in any courses yet" in body
    assert "/courses/" in body


def test_my_courses_show_progress_due_dates_and_sessions(client, learner):
    course, tree = build_course(
        modules=1, lessons=4, title="Forklift basics", code="FK-1", slug="fk"
    )
    lessons = tree[0][1]
    enrollment = self_enroll(course=course, learner=learner)
    enrollment.due_date = timezone.localdate() + datetime.timedelta(days=5)
    enrollment.save()
    complete_lesson(learner=learner, lesson=lessons[0], course=course, enrollment=enrollment)
    live = CohortFactory(
        course=build_course(modules=1, lessons=1, code="LV-1", slug="lv")[0], code="LV-A"
    )
    enroll_learner(cohort=live, learner=learner)
    start = timezone.now() + datetime.timedelta(days=2)
    Session.objects.create(
        cohort=live,
        title="Live kick-off",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )

    client.force_login(learner)
    body = client.get(reverse("dashboard:home")).content.decode()
    assert "Forklift basics" in body
    assert "25%" in body
    assert reverse("progress:resume", args=[course.pk]) in body
    assert "Live kick-off" in body
    assert "not enrolled in any courses yet" not in body


def test_the_dashboard_shows_only_the_learners_own_courses(client, learner):
    course = build_course(
        modules=1, lessons=1, title="Someone else's course", code="SE-1", slug="se"
    )[0]
    self_enroll(course=course, learner=UserFactory())
    client.force_login(learner)
    assert "Someone else" not in client.get(reverse("dashboard:home")).content.decode()
