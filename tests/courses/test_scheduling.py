import time
from datetime import timedelta

import pytest
from django.utils import timezone

from lms.core import jobs
from lms.courses.jobs import publish_scheduled_pages
from lms.courses.models import CourseVersion, LessonPage
from tests.factories.courses import LessonPageFactory, build_course

pytestmark = pytest.mark.django_db


def test_a_lesson_scheduled_for_later_goes_live_when_the_job_runs():
    course, tree = build_course(modules=1, lessons=1)
    lesson = LessonPageFactory(
        parent=tree[0][0], title="Scheduled lesson", slug="scheduled", live=False
    )
    lesson.go_live_at = timezone.now() + timedelta(seconds=1)
    lesson.save_revision().publish()  # with a future go_live_at this only schedules it
    assert not LessonPage.objects.get(pk=lesson.pk).live
    versions_before = CourseVersion.objects.filter(course=course).count()

    time.sleep(1.2)
    publish_scheduled_pages()

    assert LessonPage.objects.get(pk=lesson.pk).live
    assert CourseVersion.objects.filter(course=course).count() == versions_before + 1


def test_scheduled_publishing_runs_every_minute_on_both_runners():
    assert jobs.schedules()["lms.courses.jobs.publish_scheduled_pages"].every == "minute"
    assert "Publish scheduled pages" in jobs.celery_beat_schedule()
