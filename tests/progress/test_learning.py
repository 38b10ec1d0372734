import pytest
from django.urls import reverse

from lms.accounts.roles import Role
from lms.cohorts.models import Enrollment, EnrollmentSource, EnrollmentStatus
from lms.courses.models import CourseStatus, EnrolmentMode
from lms.progress.models import LessonProgress
from tests.factories import UserFactory
from tests.factories.courses import build_course, publish

pytestmark = pytest.mark.django_db


def body(response):
    return response.content.decode()


# Course overview --------------------------------------------------------------


def test_anonymous_visitors_see_the_overview_with_a_login_call(client, course, lessons):
    response = client.get(course.url)
    assert response.status_code == 200
    text = body(response)
    assert "Safe Lifting" in text
    assert lessons[0].title in text  # the syllabus
    assert f"{reverse('accounts:login')}?next={course.url}" in text


def test_a_learner_enrols_with_a_post_and_lands_in_the_self_paced_cohort(
    client, learner, course, lessons
):
    client.force_login(learner)
    assert client.get(reverse("progress:enrol", args=[course.pk])).status_code == 405
    response = client.post(reverse("progress:enrol", args=[course.pk]))
    assert response.status_code == 302
    enrollment = Enrollment.objects.get(learner=learner, course=course)
    assert enrollment.source == EnrollmentSource.SELF
    assert enrollment.cohort.code == "SL-1-SELF"
    assert enrollment.cohort.is_default_self_paced
    # Resume sends a new learner to the first lesson.
    assert client.get(response.url).url == lessons[0].url


def test_enrolling_twice_is_refused_politely(client, enrolled, course):
    response = client.post(reverse("progress:enrol", args=[course.pk]), follow=True)
    assert "already enrolled" in body(response)
    assert Enrollment.objects.filter(course=course).count() == 1


def test_assigned_only_courses_cannot_be_self_enrolled(client, learner, course):
    course.enrolment_mode = EnrolmentMode.ASSIGNED
    publish(course)
    client.force_login(learner)
    response = client.post(reverse("progress:enrol", args=[course.pk]), follow=True)
    assert "not open for self-enrolment" in body(response)
    assert not Enrollment.objects.exists()


def test_missing_prerequisites_are_named_and_block_enrolment(client, learner, course):
    basics, _tree = build_course(
        modules=1, lessons=1, title="Lifting Basics", slug="basics", code="LB-1"
    )
    course.prerequisites.set([basics])
    publish(course)
    client.force_login(learner)
    overview = body(client.get(course.url))
    assert "Lifting Basics" in overview
    response = client.post(reverse("progress:enrol", args=[course.pk]), follow=True)
    assert "Complete these courses first: Lifting Basics." in body(response)
    assert not Enrollment.objects.filter(course=course).exists()

    done = Enrollment.objects.create(
        learner=learner,
        cohort=basics.cohorts.create(code="LB", name="LB"),
        course=basics,
        source=EnrollmentSource.SELF,
        status=EnrollmentStatus.COMPLETED,
    )
    assert done.pk
    client.post(reverse("progress:enrol", args=[course.pk]))
    assert Enrollment.objects.filter(course=course, learner=learner).exists()


def test_draft_retired_and_archived_courses_stay_out_of_reach_of_strangers(client, learner, course):
    for status in (CourseStatus.DRAFT, CourseStatus.RETIRED, CourseStatus.ARCHIVED):
        course.status = status
        publish(course)
        client.force_login(learner)
        assert client.get(course.url).status_code == 404
        assert client.post(reverse("progress:enrol", args=[course.pk])).status_code == 302
        assert not Enrollment.objects.exists()


def test_retired_courses_stay_visible_to_past_learners(client, enrolled, course, lessons):
    course.status = CourseStatus.RETIRED
    publish(course)
    assert client.get(course.url).status_code == 200
    assert client.get(lessons[0].url).status_code == 200


def test_unknown_course_and_lesson_get_the_sites_404(client, course):
    response = client.get(course.url + "no-module/no-lesson/")
    assert response.status_code == 404
    assert "Lectern" in body(response)


# Lessons -----------------------------------------------------------------------


def test_a_stranger_gets_a_page_explaining_how_to_get_access(client, learner, lessons, course):
    client.force_login(learner)
    response = client.get(lessons[0].url)
    assert response.status_code == 403
    assert course.url in body(response)
    client.logout()
    anonymous = client.get(lessons[0].url)
    assert anonymous.status_code == 403
    assert reverse("accounts:login") in body(anonymous)


def test_an_enrolled_learner_reads_a_lesson_with_outline_and_navigation(client, enrolled, lessons):
    response = client.get(lessons[2].url)  # last lesson of module 1
    assert response.status_code == 200
    text = body(response)
    assert lessons[2].title in text
    assert "Read this carefully." in text
    # Previous and next cross the module boundary.
    assert lessons[1].url in text
    assert lessons[3].url in text
    assert reverse("progress:complete", args=[lessons[2].pk]) in text
    enrollment = Enrollment.objects.get(learner=enrolled)
    assert enrollment.status == EnrollmentStatus.IN_PROGRESS
    assert enrollment.version.number >= 1
    assert LessonProgress.objects.get(learner=enrolled, lesson=lessons[2]).completed_at is None


def test_marking_complete_is_idempotent_and_moves_on(client, enrolled, lessons, course):
    url = reverse("progress:complete", args=[lessons[0].pk])
    first = client.post(url)
    assert first.status_code == 302
    assert first.url == lessons[1].url
    done_at = LessonProgress.objects.get(learner=enrolled, lesson=lessons[0]).completed_at
    client.post(url)
    assert LessonProgress.objects.get(learner=enrolled, lesson=lessons[0]).completed_at == done_at
    assert client.get(url).status_code == 405
    overview = body(client.get(course.url))
    assert "17%" in overview  # 1 of 6 required lessons


def test_another_learner_cannot_complete_or_time_a_lesson(client, lessons):
    stranger = UserFactory(roles=[Role.LEARNER])
    client.force_login(stranger)
    assert client.post(reverse("progress:complete", args=[lessons[0].pk])).status_code == 404
    assert (
        client.post(reverse("progress:ping", args=[lessons[0].pk]), {"seconds": 30}).status_code
        == 404
    )
    assert not LessonProgress.objects.exists()


def test_resume_returns_to_the_last_lesson(client, enrolled, lessons, course):
    client.get(lessons[3].url)
    response = client.get(reverse("progress:resume", args=[course.pk]))
    assert response.url == lessons[3].url


def test_reading_time_is_added_and_capped(client, enrolled, lessons):
    client.get(lessons[0].url)
    client.post(reverse("progress:ping", args=[lessons[0].pk]), {"seconds": "30"})
    client.post(reverse("progress:ping", args=[lessons[0].pk]), {"seconds": "100000"})
    assert LessonProgress.objects.get(learner=enrolled, lesson=lessons[0]).time_spent_seconds == 90


def test_staff_and_instructors_read_lessons_without_progress_being_recorded(
    client, lessons, course
):
    author = UserFactory(roles=[Role.AUTHOR])
    client.force_login(author)
    response = client.get(lessons[0].url)
    assert response.status_code == 200
    assert not LessonProgress.objects.exists()

    instructor = UserFactory(roles=[Role.INSTRUCTOR])
    cohort = course.cohorts.create(code="SL-LIVE", name="Live run")
    cohort.instructors.add(instructor)
    cohort.save()
    client.force_login(instructor)
    assert client.get(lessons[0].url).status_code == 200
    other_instructor = UserFactory(roles=[Role.INSTRUCTOR])
    client.force_login(other_instructor)
    assert client.get(lessons[0].url).status_code == 403


def test_unpublished_lessons_never_reach_people_without_a_version_holding_them(
    client, learner, lessons
):
    lessons[0].unpublish()
    client.force_login(learner)
    assert client.get(lessons[0].url).status_code == 404
    client.logout()
    assert client.get(lessons[0].url).status_code == 404


def test_course_pages_route_only_under_the_catalogue(client, enrolled, course, lessons):
    assert client.get(lessons[0].url).status_code == 200
    # The same slugs under another first segment are not the course's pages.
    elsewhere = "/not-the-catalogue/" + lessons[0].url.split("/", 2)[2]
    assert client.get(elsewhere).status_code == 404
    assert client.get("/not-the-catalogue/" + course.url.split("/", 2)[2]).status_code == 404
    module_url = lessons[0].url.rsplit("/", 2)[0] + "/"
    assert client.get(module_url).status_code == 302  # modules send people to the outline
