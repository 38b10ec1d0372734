"""Quiz taking in the learner portal: pages, autosave, scoping, the lesson block, end to end."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.accounts.roles import Role
from lms.assessments.models import Attempt, AttemptStatus, Choice, QuestionType, ReviewPolicy
from lms.assessments.services.attempts import save_answers, start_attempt, submit_attempt
from lms.audit.models import AuditEvent
from tests.assessments.quiz_helpers import enrolled_course, every_type, right_answers
from tests.factories import UserFactory
from tests.factories.assessments import make_question, make_quiz
from tests.factories.courses import LessonPageFactory, ModulePageFactory, publish

pytestmark = pytest.mark.django_db

# Texts authors give that must never reach the page before submission.
SECRETS = [
    "Well done, the capital",
    "Nice is on the coast",
    "General feedback secret",
    "photosynthesis",
    "3.14",
]


@pytest.fixture
def course(learner):
    course, _ = enrolled_course(learner)
    return course


def secretive_questions():
    """Every type, with feedback texts the attempt page must not show."""
    questions = every_type()
    single = questions[0].current_version
    Choice.objects.filter(version=single, text="Paris").update(feedback="Well done, the capital")
    Choice.objects.filter(version=single, text="Nice").update(feedback="Nice is on the coast")
    for question in questions:
        version = question.current_version
        version.general_feedback = "<p>General feedback secret</p>"
        version.save()
    return questions


def url(name, *args):
    return reverse(f"assessments:{name}", args=args)


def form_post(attempt):
    """The whole attempt form as a browser posts it, with every answer right."""
    data = {}
    for order, response in right_answers(attempt).items():
        if isinstance(response, dict):
            for pair_id, answer in response.items():
                data[f"q-{order}-{pair_id}"] = answer
        else:
            data[f"q-{order}"] = response
    return data


def instructor_of(course, learner):
    teacher = UserFactory(roles=[Role.INSTRUCTOR])
    enrollment = learner.enrollments.get(course=course)
    enrollment.cohort.instructors.add(teacher)
    enrollment.cohort.save()  # a ParentalManyToManyField saves with its cohort
    return teacher


# The quiz page -----------------------------------------------------------------------------


def test_quiz_page_explains_the_rules_and_offers_to_start(client, course, learner):
    quiz = make_quiz(
        every_type(),
        course=course,
        title="Safety basics check",
        instructions="<p>Answer on your own.</p>",
        max_attempts=3,
        time_limit_minutes=15,
        pass_score=75,
    )
    client.force_login(learner)
    response = client.get(url("quiz", quiz.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Safety basics check" in html
    assert "Answer on your own." in html
    assert "0 of 3 used" in html
    assert "75%" in html
    assert "You have 3 attempts left." in html
    assert "Not started" in html
    assert "Start the quiz" in html
    assert "No attempts yet" in html


def test_quiz_page_lists_attempts_with_scores_and_awaiting_grading(client, course, learner):
    quiz = make_quiz(every_type(), course=course)
    attempt = start_attempt(quiz=quiz, learner=learner)
    save_answers(attempt=attempt, by=learner, responses=right_answers(attempt))
    submit_attempt(attempt=attempt, by=learner)
    client.force_login(learner)
    html = client.get(url("quiz", quiz.pk)).content.decode()
    assert "Awaiting grading" in html
    assert "An attempt is waiting for a grader" in html
    assert url("result", attempt.pk) in html
    assert "Start a new attempt" in html


def test_quiz_page_says_why_no_attempt_can_start(client, course, learner):
    quiz = make_quiz([make_question()], course=course, max_attempts=1)
    submit_attempt(attempt=start_attempt(quiz=quiz, learner=learner), by=learner)
    client.force_login(learner)
    html = client.get(url("quiz", quiz.pk)).content.decode()
    assert "You have used all 1 attempts allowed on this quiz." in html
    assert url("start", quiz.pk) not in html


def test_quiz_page_is_404_for_a_learner_not_enrolled(client, course):
    quiz = make_quiz([make_question()], course=course)
    client.force_login(UserFactory(roles=[Role.LEARNER]))
    assert client.get(url("quiz", quiz.pk)).status_code == 404
    assert client.post(url("start", quiz.pk)).status_code == 404
    assert not Attempt.objects.exists()


def test_quiz_page_is_404_for_an_unpublished_quiz(client, course, learner):
    quiz = make_quiz([make_question()], course=course, live=False)
    client.force_login(learner)
    assert client.get(url("quiz", quiz.pk)).status_code == 404


def test_quiz_page_asks_visitors_to_sign_in(client, course):
    quiz = make_quiz([make_question()], course=course)
    response = client.get(url("quiz", quiz.pk))
    assert response.status_code == 302
    assert "/login" in response["Location"] or "accounts" in response["Location"]


def test_staff_see_the_quiz_page_but_cannot_start(client, course, coordinator):
    quiz = make_quiz([make_question()], course=course)
    client.force_login(coordinator)
    html = client.get(url("quiz", quiz.pk)).content.decode()
    assert "You are viewing as staff" in html
    assert "Quizzes are taken by the course&#x27;s learners" in html
    response = client.post(url("start", quiz.pk), follow=True)
    assert "Quizzes are taken by the course&#x27;s learners" in response.content.decode()
    assert not Attempt.objects.exists()


# Taking it ---------------------------------------------------------------------------------


def test_starting_opens_the_attempt_page_with_every_type(client, course, learner):
    quiz = make_quiz(secretive_questions(), course=course, time_limit_minutes=30)
    client.force_login(learner)
    response = client.post(url("start", quiz.pk))
    attempt = Attempt.objects.get()
    assert response["Location"] == url("attempt", attempt.pk)
    html = client.get(url("attempt", attempt.pk)).content.decode()
    assert html.count('type="radio"') == 5  # single (3) + true/false (2)
    assert html.count('type="checkbox"') == 4
    assert 'type="number"' in html
    assert "<textarea" in html
    assert html.count('<select id="q-6-') == 3
    assert "data-countdown" in html
    assert 'data-seconds-left="1800"' in html or 'data-seconds-left="1799"' in html
    assert "0</span> of 7 answered" in html


def test_the_attempt_page_carries_no_credit_feedback_or_correct_answer(client, course, learner):
    quiz = make_quiz(secretive_questions(), course=course)
    client.force_login(learner)
    client.post(url("start", quiz.pk))
    attempt = Attempt.objects.get()
    html = client.get(url("attempt", attempt.pk)).content.decode()
    for secret in SECRETS:
        assert secret not in html, secret
    assert not re.search(r"credit|correct|is-correct", html, re.IGNORECASE)
    # Matching answers are offered, but not in prompt order and not paired with their prompt.
    assert html.index(">Meow<") < html.index(">Moo<") < html.index(">Woof<")
    # Autosave replies carry no marking either.
    reply = client.post(
        url("save", attempt.pk),
        {"only": "1", "q-1": str(right_answers(attempt)[1])},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert set(reply.json()) == {"saved", "saved_at"}


def test_autosave_saves_one_question(client, course, learner):
    quiz = make_quiz(every_type(), course=course)
    attempt = start_attempt(quiz=quiz, learner=learner)
    client.force_login(learner)
    reply = client.post(
        url("save", attempt.pk),
        {"only": "4", "q-4": "  Photosynthesis ", "q-1": "ignored"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert reply.status_code == 200
    assert reply.json()["saved"] is True
    rows = {row.order: row.response for row in attempt.questions.all()}
    assert rows[4] == "Photosynthesis"
    assert rows[1] is None


def test_autosave_refuses_a_bad_answer_with_the_reason(client, course, learner):
    quiz = make_quiz(every_type(), course=course)
    attempt = start_attempt(quiz=quiz, learner=learner)
    client.force_login(learner)
    reply = client.post(
        url("save", attempt.pk),
        {"only": "5", "q-5": "twelve"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert reply.status_code == 400
    assert reply.json()["error"] == "Question 5: “twelve” is not a number."


def test_autosave_after_submitting_sends_the_page_to_the_result(client, course, learner):
    quiz = make_quiz([make_question()], course=course)
    attempt = start_attempt(quiz=quiz, learner=learner)
    submit_attempt(attempt=attempt, by=learner)
    client.force_login(learner)
    reply = client.post(
        url("save", attempt.pk), {"only": "1"}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert reply.status_code == 409
    assert reply.json()["redirect"] == url("result", attempt.pk)


def test_the_form_saves_everything_without_javascript(client, course, learner):
    quiz = make_quiz(every_type(), course=course)
    attempt = start_attempt(quiz=quiz, learner=learner)
    client.force_login(learner)
    response = client.post(url("save", attempt.pk), {**form_post(attempt), "action": "save"})
    assert response["Location"] == url("attempt", attempt.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Your answers are saved." in page
    assert "7</span> of 7 answered" in page
    assert attempt.questions.filter(response__isnull=True).count() == 0
    assert "checked" in page and "Because of the light." in page


def test_the_form_keeps_good_answers_and_names_the_bad_one(client, course, learner):
    quiz = make_quiz(every_type(), course=course)
    attempt = start_attempt(quiz=quiz, learner=learner)
    client.force_login(learner)
    data = {**form_post(attempt), "q-5": "lots", "action": "save"}
    page = client.post(url("save", attempt.pk), data, follow=True).content.decode()
    assert "Question 5: “lots” is not a number." in page
    rows = {row.order: row.response for row in attempt.questions.all()}
    assert rows[4] == "photosynthesis"
    assert rows[5] is None


def test_submit_asks_for_confirmation_then_grades(client, course, learner):
    quiz = make_quiz(every_type(with_essay=False), course=course, pass_score=50)
    attempt = start_attempt(quiz=quiz, learner=learner)
    client.force_login(learner)
    data = form_post(attempt)
    del data["q-1"]
    response = client.post(url("save", attempt.pk), {**data, "action": "submit"})
    assert response["Location"] == url("submit", attempt.pk)
    confirm = client.get(response["Location"]).content.decode()
    assert "You answered 5 of 6 questions." in confirm
    assert "Question 1" in confirm
    assert Attempt.objects.get().status == AttemptStatus.IN_PROGRESS

    response = client.post(url("submit", attempt.pk))
    assert response["Location"] == url("result", attempt.pk)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED
    assert attempt.percent == Decimal("87.50")  # 7 of 8 points


def test_the_countdown_running_out_saves_and_submits(client, course, learner):
    quiz = make_quiz(every_type(with_essay=False), course=course, time_limit_minutes=5)
    attempt = start_attempt(quiz=quiz, learner=learner)
    client.force_login(learner)
    response = client.post(url("save", attempt.pk), {**form_post(attempt), "action": "finish"})
    assert response["Location"] == url("result", attempt.pk)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED
    assert attempt.percent == Decimal("100.00")


def test_opening_an_attempt_after_its_time_closes_it_at_the_limit(client, course, learner):
    quiz = make_quiz([make_question()], course=course, time_limit_minutes=5, grace_seconds=0)
    attempt = start_attempt(
        quiz=quiz, learner=learner, now=timezone.now() - datetime.timedelta(minutes=10)
    )
    client.force_login(learner)
    response = client.get(url("attempt", attempt.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("result", attempt.pk)
    assert "Time is up." in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.closed_at_limit
    # A save posted late is refused and lands on the result too.
    late = client.post(url("save", attempt.pk), {"q-1": "1", "action": "save"})
    assert late["Location"] == url("result", attempt.pk)


# Results -----------------------------------------------------------------------------------


def test_result_page_shows_score_and_review_as_the_policy_allows(client, course, learner):
    quiz = make_quiz(
        secretive_questions()[:1],
        course=course,
        show_correct_answers=ReviewPolicy.IMMEDIATELY,
        show_feedback=ReviewPolicy.IMMEDIATELY,
    )
    attempt = start_attempt(quiz=quiz, learner=learner)
    nice = Choice.objects.get(version=quiz.slots.get().question.current_version, text="Nice")
    save_answers(attempt=attempt, by=learner, responses={1: nice.pk})
    submit_attempt(attempt=attempt, by=learner)
    client.force_login(learner)
    html = client.get(url("result", attempt.pk)).content.decode()
    assert "Not passed" in html
    assert "0%" in html
    assert "Incorrect" in html
    assert "Nice is on the coast" in html
    assert "General feedback secret" in html
    assert "Correct answer" in html


def test_result_page_hides_what_the_policy_does_not_allow_yet(client, course, learner):
    quiz = make_quiz(
        secretive_questions()[:1],
        course=course,
        show_correct_answers=ReviewPolicy.NEVER,
        show_feedback=ReviewPolicy.AFTER_PASS,
    )
    attempt = start_attempt(quiz=quiz, learner=learner)
    submit_attempt(attempt=attempt, by=learner)
    client.force_login(learner)
    html = client.get(url("result", attempt.pk)).content.decode()
    assert "Feedback and correct answers are not shown yet" in html
    for secret in ["Well done, the capital", "General feedback secret", "Correct answer"]:
        assert secret not in html


def test_result_page_of_an_essay_says_awaiting_grading(client, course, learner):
    quiz = make_quiz(every_type(), course=course)
    attempt = start_attempt(quiz=quiz, learner=learner)
    save_answers(attempt=attempt, by=learner, responses=right_answers(attempt))
    submit_attempt(attempt=attempt, by=learner)
    client.force_login(learner)
    html = client.get(url("result", attempt.pk)).content.decode()
    assert "Awaiting grading" in html
    assert "Some answers wait for a grader." in html
    assert "Because of the light." in html


# Scoping -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["attempt", "result", "submit"])
def test_another_learners_attempt_is_404(client, course, learner, name):
    attempt = start_attempt(quiz=make_quiz([make_question()], course=course), learner=learner)
    other = UserFactory(roles=[Role.LEARNER])
    enrolled_course(other)
    client.force_login(other)
    assert client.get(url(name, attempt.pk)).status_code == 404
    assert client.get(url(name, attempt.pk + 1000)).status_code == 404


def test_another_learner_cannot_save_or_submit(client, course, learner):
    attempt = start_attempt(quiz=make_quiz([make_question()], course=course), learner=learner)
    client.force_login(UserFactory(roles=[Role.LEARNER]))
    assert client.post(url("save", attempt.pk), {"q-1": "1"}).status_code == 404
    assert client.post(url("submit", attempt.pk)).status_code == 404
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS
    assert attempt.questions.get().response is None


def test_the_cohorts_instructor_reads_an_attempt_but_cannot_change_it(client, course, learner):
    quiz = make_quiz(secretive_questions()[:1], course=course, show_correct_answers="never")
    attempt = start_attempt(quiz=quiz, learner=learner)
    teacher = instructor_of(course, learner)
    client.force_login(teacher)
    assert client.get(url("attempt", attempt.pk))["Location"] == url("result", attempt.pk)
    in_progress = client.get(url("result", attempt.pk)).content.decode()
    assert "You are reading a learner's attempt" in in_progress
    assert "Well done, the capital" not in in_progress
    assert client.post(url("submit", attempt.pk)).status_code == 404
    assert client.post(url("save", attempt.pk), {"q-1": "1"}).status_code == 404

    submit_attempt(attempt=attempt, by=learner)
    html = client.get(url("result", attempt.pk)).content.decode()
    assert "Correct answer" in html  # graders see the answers whatever the policy


def test_other_instructors_and_authors_get_404(client, course, learner):
    attempt = start_attempt(quiz=make_quiz([make_question()], course=course), learner=learner)
    for user in [UserFactory(roles=[Role.INSTRUCTOR]), UserFactory(roles=[Role.AUTHOR])]:
        client.force_login(user)
        assert client.get(url("result", attempt.pk)).status_code == 404


# The lesson block --------------------------------------------------------------------------


def lesson_with_quiz(course, quiz):
    module = publish(ModulePageFactory(parent=course, title="Module 1", slug="m1"))
    return publish(
        LessonPageFactory(
            parent=module,
            title="Checkpoint",
            slug="checkpoint",
            body=[("rich_text", "<p>Time to check.</p>"), ("quiz", quiz)],
        )
    )


def test_the_lesson_shows_the_quiz_panel_with_the_learners_status(client, learner):
    course, _ = enrolled_course(learner)
    quiz = make_quiz(
        [make_question()],
        course=course,
        title="Checkpoint quiz",
        instructions="<p>Ten minutes.</p>",
    )
    lesson = lesson_with_quiz(course, quiz)
    client.force_login(learner)
    html = client.get(lesson.url).content.decode()
    assert "Checkpoint quiz" in html
    assert "Ten minutes." in html
    assert "Not started" in html
    assert f'href="{url("quiz", quiz.pk)}"' in html

    attempt = start_attempt(quiz=quiz, learner=learner)
    html = client.get(lesson.url).content.decode()
    assert "In progress" in html and url("attempt", attempt.pk) in html

    question = attempt.questions.select_related("question_version").get()
    right = question.question_version.choices.get(credit=100)
    save_answers(attempt=attempt, by=learner, responses={1: right.pk})
    submit_attempt(attempt=attempt, by=learner)
    html = client.get(lesson.url).content.decode()
    assert "Passed" in html
    assert "100%" in html
    assert url("result", attempt.pk) in html


def test_the_quiz_panel_costs_one_query_whatever_the_attempts(client, learner):
    course, _ = enrolled_course(learner)
    quiz = make_quiz([make_question()], course=course)
    lesson = lesson_with_quiz(course, quiz)
    client.force_login(learner)

    def count():
        client.get(lesson.url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(lesson.url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for _ in range(3):
        submit_attempt(attempt=start_attempt(quiz=quiz, learner=learner), by=learner)
    assert count() == before


# End to end --------------------------------------------------------------------------------


def test_a_learner_takes_a_quiz_end_to_end(client, learner, instructor):
    course, enrollment = enrolled_course(learner, title="Workplace safety")
    enrollment.cohort.instructors.add(instructor)
    enrollment.cohort.save()
    quiz = make_quiz(every_type(), course=course, max_attempts=3, pass_score=60)
    client.force_login(learner)

    # Start, answer half, leave; the autosaved answers are there on return.
    client.post(url("start", quiz.pk))
    attempt = Attempt.objects.get()
    answers = form_post(attempt)
    for order in (1, 2, 3):
        reply = client.post(
            url("save", attempt.pk),
            {"only": str(order), **{k: v for k, v in answers.items() if k == f"q-{order}"}},
            headers={"x-requested-with": "XMLHttpRequest"},
        )
        assert reply.json()["saved"]
    client.post(url("start", quiz.pk))  # a second tab: same attempt
    assert Attempt.objects.count() == 1
    page = client.get(url("attempt", attempt.pk)).content.decode()
    assert "3</span> of 7 answered" in page

    # The rest through the form, then submit twice (double click): graded once.
    client.post(url("save", attempt.pk), {**answers, "action": "submit"})
    assert client.post(url("submit", attempt.pk))["Location"] == url("result", attempt.pk)
    assert client.post(url("submit", attempt.pk))["Location"] == url("result", attempt.pk)
    assert AuditEvent.objects.filter(action="quiz.submitted").count() == 1
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.AWAITING_GRADING
    auto = attempt.questions.exclude(question_version__type=QuestionType.ESSAY)
    assert all(row.score == row.points for row in auto)
    html = client.get(url("result", attempt.pk)).content.decode()
    assert "Awaiting grading" in html
    assert "Awaiting grading" in client.get(url("quiz", quiz.pk)).content.decode()

    # Two more attempts, the second closed at its time limit by the server.
    quiz.time_limit_minutes = 1
    quiz.grace_seconds = 0
    quiz.save()
    second = start_attempt(
        quiz=quiz, learner=learner, now=timezone.now() - datetime.timedelta(minutes=5)
    )
    response = client.get(url("attempt", second.pk), follow=True)
    assert "Time is up." in response.content.decode()
    second.refresh_from_db()
    assert second.closed_at_limit and second.submitted_at == second.deadline
    client.post(url("start", quiz.pk))
    third = Attempt.objects.get(number=3)
    client.post(url("submit", third.pk))

    # A fourth is refused with the reason.
    page = client.post(url("start", quiz.pk), follow=True).content.decode()
    assert "You have used all 3 attempts allowed on this quiz." in page
    assert Attempt.objects.count() == 3

    # The instructor reads the first attempt; another learner cannot.
    client.force_login(instructor)
    assert client.get(url("result", attempt.pk)).status_code == 200
    client.force_login(UserFactory(roles=[Role.LEARNER]))
    assert client.get(url("result", attempt.pk)).status_code == 404
