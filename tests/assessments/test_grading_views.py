"""The grading screens in the admin: who reaches them, what they show, what saving does."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.accounts.roles import Role
from lms.assessments.models import GradeChange, SubmissionFile, SubmissionStatus
from lms.assessments.services.grading import grade_answer
from tests.assessments.grading_fixtures import (
    days_ago,
    enrol,
    essay_attempt,
    make_cohort,
    submission,
)
from tests.factories import UserFactory
from tests.factories.assessments import AssignmentFactory, RubricFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(instructor):
    return make_cohort(instructors=[instructor])


@pytest.fixture
def enrollment(learner, cohort):
    return enrol(learner, cohort)


@pytest.fixture
def essay(learner, enrollment):
    return essay_attempt(learner=learner, enrollment=enrollment, submitted_at=days_ago(3))


@pytest.fixture
def other_instructor(db):
    return UserFactory(email="other-instructor@example.com", roles=[Role.INSTRUCTOR])


def post_grade(client, url, **data):
    data.setdefault("feedback", "Well argued.")
    data.setdefault("internal_note", "")
    data.setdefault("reason", "")
    return client.post(url, data)


# Queue -----------------------------------------------------------------------


def test_the_queue_lists_answers_and_submissions_for_the_instructor(
    client, instructor, learner, enrollment, essay
):
    work = submission(learner=learner, enrollment=enrollment, is_late=True)
    client.force_login(instructor)
    response = client.get(reverse("grading:queue"))
    assert response.status_code == 200
    html = response.content.decode()
    assert essay.attempt.quiz.title in html
    assert work.assignment.title in html
    assert "Late" in html
    assert html.index(essay.attempt.quiz.title) < html.index(work.assignment.title)


def test_the_queue_hides_other_instructors_work(
    client, instructor, other_instructor, learner, enrollment, essay
):
    client.force_login(other_instructor)
    response = client.get(reverse("grading:queue"))
    assert response.status_code == 200
    assert essay.attempt.quiz.title not in response.content.decode()
    assert "Nothing is waiting for a grade" in response.content.decode()


def test_coordinators_see_every_cohorts_work(client, coordinator, essay):
    client.force_login(coordinator)
    response = client.get(reverse("grading:queue"))
    assert essay.attempt.quiz.title in response.content.decode()


@pytest.mark.parametrize("role", [Role.AUTHOR, Role.SUPPORT])
def test_admin_users_without_the_grade_permission_are_refused(client, role, essay):
    client.force_login(UserFactory(roles=[role]))
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    for url in (reverse("grading:queue"), reverse("grading:answer", args=[essay.pk])):
        response = client.get(url)
        assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    response = client.post(reverse("grading:answer", args=[essay.pk]), {"score": "1"})
    assert response.status_code == 302
    essay.refresh_from_db()
    assert essay.needs_grading is True


def test_learners_never_reach_the_grading_admin(client, learner, essay):
    client.force_login(learner)
    for url in (reverse("grading:queue"), reverse("grading:answer", args=[essay.pk])):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert essay.attempt.quiz.title not in response.content.decode()


def test_the_queue_filters_by_assignment_and_state(client, instructor, learner, enrollment, essay):
    work = submission(learner=learner, enrollment=enrollment)
    client.force_login(instructor)
    html = client.get(
        reverse("grading:queue"), {"item": f"assignment:{work.assignment_id}"}
    ).content.decode()
    assert work.assignment.title in html
    assert essay.attempt.quiz.title not in html.split("<table")[-1]
    html = client.get(reverse("grading:queue"), {"state": "graded"}).content.decode()
    assert "Nothing was graded in the last 30 days" in html


def _fill_queue(instructor, count, offset=0):
    cohort = make_cohort(instructors=[instructor])
    for n in range(count):
        learner = UserFactory(email=f"q{offset + n}@example.com", roles=[Role.LEARNER])
        enrollment = enrol(learner, cohort)
        if n % 2:
            submission(learner=learner, enrollment=enrollment, submitted_at=days_ago(n % 9))
        else:
            essay_attempt(learner=learner, enrollment=enrollment, submitted_at=days_ago(n % 9))


def _queries(client, url):
    client.get(url)  # warm caches (content types, site)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_queue_opens_in_the_same_number_of_queries_for_5_or_50_items(client, instructor):
    client.force_login(instructor)
    _fill_queue(instructor, 5)
    small = _queries(client, reverse("grading:queue"))
    _fill_queue(instructor, 45, offset=5)
    big = _queries(client, reverse("grading:queue"))
    assert small == big


# Grading an answer ----------------------------------------------------------


def test_the_grading_screen_shows_the_escaped_answer_and_question(client, instructor, essay):
    version = essay.question_version
    version.general_feedback = "<p>Look for two arguments.</p>"
    version.save()
    client.force_login(instructor)
    response = client.get(reverse("grading:answer", args=[essay.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "My essay &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
    assert "Look for two arguments." in html
    assert 'name="seen_revision"' in html and 'value="0"' in html
    assert "From 0 to 10.00." in html


def test_another_instructors_answer_is_a_404(client, other_instructor, essay):
    client.force_login(other_instructor)
    assert client.get(reverse("grading:answer", args=[essay.pk])).status_code == 404
    response = post_grade(
        client, reverse("grading:answer", args=[essay.pk]), score="5", seen_revision=0
    )
    assert response.status_code == 404
    essay.refresh_from_db()
    assert essay.needs_grading is True


def test_save_and_next_grades_and_opens_the_next_item(
    client, instructor, learner, enrollment, essay
):
    work = submission(learner=learner, enrollment=enrollment)
    client.force_login(instructor)
    response = post_grade(
        client,
        reverse("grading:answer", args=[essay.pk]),
        score="6",
        seen_revision=0,
        next="1",
    )
    assert response.status_code == 302
    assert response.url == reverse("grading:submission", args=[work.pk])
    essay.refresh_from_db()
    assert (essay.score, essay.feedback) == (Decimal("6"), "Well argued.")


def test_save_and_next_with_nothing_left_returns_to_the_queue(client, instructor, essay):
    client.force_login(instructor)
    response = post_grade(
        client, reverse("grading:answer", args=[essay.pk]), score="6", seen_revision=0, next="1"
    )
    assert response.url == reverse("grading:queue")


def test_an_out_of_range_score_shows_the_error_on_the_field(client, instructor, essay):
    client.force_login(instructor)
    response = post_grade(
        client, reverse("grading:answer", args=[essay.pk]), score="12", seen_revision=0
    )
    assert response.status_code == 200
    assert "The score must be from 0 to 10.00; 12 is out of range." in response.content.decode()
    essay.refresh_from_db()
    assert essay.needs_grading is True


def test_a_stale_save_shows_the_other_graders_grade_and_changes_nothing(
    client, instructor, coordinator, essay
):
    coordinator.first_name, coordinator.last_name = "Grace", "Hopper"
    coordinator.save()
    grade_answer(row=essay, score="9", feedback="Excellent", by=coordinator, seen_revision=0)
    client.force_login(instructor)
    response = post_grade(
        client,
        reverse("grading:answer", args=[essay.pk]),
        score="2",
        feedback="Poor",
        seen_revision=0,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Grace Hopper graded this at" in html
    assert "reload to see their grade" in html
    assert "<strong>9.00</strong> out of 10.00" in html
    assert 'name="reason"' in html
    essay.refresh_from_db()
    assert (essay.score, essay.feedback) == (Decimal("9"), "Excellent")
    assert GradeChange.objects.count() == 1


def test_a_regrade_without_a_reason_is_refused_in_the_form(client, instructor, essay):
    grade_answer(row=essay, score="5", feedback="", by=instructor, seen_revision=0)
    client.force_login(instructor)
    url = reverse("grading:answer", args=[essay.pk])
    response = post_grade(client, url, score="7", seen_revision=1)
    assert "Give a reason for changing a grade that was already given." in (
        response.content.decode()
    )
    response = post_grade(client, url, score="7", seen_revision=1, reason="Re-read")
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "Re-read" in html  # the history lists the change and its reason


# Grading a submission --------------------------------------------------------


def test_a_rubric_submission_shows_the_grid_and_saves_the_levels(
    client, instructor, learner, enrollment
):
    rubric = RubricFactory()
    argument, evidence = (block.id for block in rubric.criteria)
    assignment = AssignmentFactory(course=enrollment.course, rubric=rubric)
    work = submission(learner=learner, enrollment=enrollment, assignment=assignment)
    SubmissionFile.objects.create(
        submission=work,
        file="submissions/x.pdf",
        original_name="risk-register.pdf",
        size=2048,
        content_type="application/pdf",
    )
    client.force_login(instructor)
    url = reverse("grading:submission", args=[work.pk])
    html = client.get(url).content.decode()
    assert f'name="criterion-{argument}"' in html and "Excellent" in html
    assert "risk-register.pdf" in html

    response = post_grade(client, url, seen_revision=0, **{f"criterion-{argument}": "1"})
    assert "Choose a level for the criterion “Evidence”." in response.content.decode()

    response = post_grade(
        client,
        url,
        seen_revision=0,
        **{f"criterion-{argument}": "1", f"criterion-{evidence}": "1"},
    )
    assert response.status_code == 302
    work.refresh_from_db()
    assert (work.status, work.score) == (SubmissionStatus.GRADED, Decimal("10"))
    html = client.get(url).content.decode()
    assert f'name="criterion-{argument}" value="1" checked' in html


def test_another_instructors_submission_is_a_404(client, other_instructor, learner, enrollment):
    work = submission(learner=learner, enrollment=enrollment)
    client.force_login(other_instructor)
    assert client.get(reverse("grading:submission", args=[work.pk])).status_code == 404


# Menu --------------------------------------------------------------------------


def test_the_admin_menu_shows_grading_with_the_waiting_count(client, instructor, essay):
    client.force_login(instructor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Grading (1)" in html
