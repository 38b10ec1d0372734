"""Per-quiz statistics on a small known data set, scoped per role."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.accounts.roles import Role
from lms.assessments import stats
from lms.assessments.models import Attempt, AttemptQuestion, AttemptStatus, QuestionType
from tests.assessments.grading_fixtures import enrol, make_cohort
from tests.factories import UserFactory
from tests.factories.assessments import make_question, make_quiz

pytestmark = pytest.mark.django_db


def take(quiz, learner, enrollment, answers, *, status=AttemptStatus.GRADED):
    """answers: [(question, response, score or None for awaiting a grader)]."""
    attempt = Attempt.objects.create(
        quiz=quiz,
        learner=learner,
        enrollment=enrollment,
        number=1,
        pass_score=quiz.pass_score,
        status=AttemptStatus.AWAITING_GRADING,
        submitted_at=timezone.now(),
    )
    for order, (question, response, score) in enumerate(answers, start=1):
        version = question.current_version
        AttemptQuestion.objects.create(
            attempt=attempt,
            order=order,
            question_version=version,
            points=version.points,
            response=response,
            score=score,
            needs_grading=score is None,
        )
    attempt.recompute()
    attempt.save()
    return attempt


@pytest.fixture
def data(instructor):
    """
    A quiz (pass 70%) with a single-choice question (1 point) and an essay
    (4 points). Three learners in the instructor's cohort, one elsewhere:
      mine 1: Paris (1) + essay 4   -> 100%, passed
      mine 2: Lyon (0)  + essay 2   -> 40%
      mine 3: Lyon (0)  + essay waiting
      other:  Nice (0)  + essay 1   -> 20%
    """
    capital = make_question(QuestionType.SINGLE, name="Capital")
    essay = make_question(QuestionType.ESSAY, name="Essay", points=Decimal("4"))
    mine = make_cohort(instructors=[instructor])
    quiz = make_quiz([capital, essay], course=mine.course, pass_score=70)
    other = make_cohort(course=mine.course)
    paris, lyon, nice = capital.current_version.choices.order_by("order")

    def learner(n, cohort):
        person = UserFactory(email=f"s{n}@example.com", roles=[Role.LEARNER])
        return person, enrol(person, cohort)

    take(quiz, *learner(1, mine), [(capital, paris.pk, 1), (essay, "text", 4)])
    take(quiz, *learner(2, mine), [(capital, lyon.pk, 0), (essay, "text", 2)])
    take(quiz, *learner(3, mine), [(capital, lyon.pk, 0), (essay, "text", None)])
    take(quiz, *learner(4, other), [(capital, nice.pk, 0), (essay, "text", 1)])
    # An attempt still in progress counts nowhere.
    person, enrollment = learner(5, mine)
    open_attempt = take(quiz, person, enrollment, [(capital, nice.pk, 0)])
    open_attempt.status = AttemptStatus.IN_PROGRESS
    open_attempt.save()
    return quiz


def test_staff_see_every_cohorts_figures(data, coordinator):
    summary = stats.quiz_summary(data, coordinator)
    assert (summary.attempts, summary.graded, summary.awaiting, summary.passed) == (4, 3, 1, 1)
    assert summary.average_percent == Decimal("53.3")
    assert summary.pass_rate == Decimal("33.3")
    capital, essay = stats.question_stats(data, coordinator)
    assert (capital.name, capital.answered, capital.scored) == ("Capital", 4, 4)
    assert capital.average_percent == 25.0
    assert capital.difficulty == 25.0
    assert (capital.common_wrong_choice, capital.common_wrong_count) == ("Lyon", 2)
    assert (essay.answered, essay.scored, essay.waiting) == (4, 3, 1)
    assert essay.average_percent == 58.3
    assert essay.difficulty == 33.3
    assert essay.common_wrong_choice == ""


def test_instructors_see_only_their_cohorts(data, instructor):
    summary = stats.quiz_summary(data, instructor)
    assert (summary.attempts, summary.graded, summary.passed) == (3, 2, 1)
    assert summary.average_percent == Decimal("70.0")
    assert summary.pass_rate == Decimal("50.0")
    capital, essay = stats.question_stats(data, instructor)
    assert capital.answered == 3
    assert capital.difficulty == 33.3
    assert (capital.common_wrong_choice, capital.common_wrong_count) == ("Lyon", 2)
    assert essay.average_percent == 75.0


def test_questions_count_over_their_versions(data, coordinator):
    capital = data.slots.order_by("sort_order").first().question
    new_version = capital.current_version
    new_version.pk = None
    new_version.number = 2
    new_version.save()
    learner = UserFactory(roles=[Role.LEARNER])
    capital.current_version = new_version
    capital.save()
    take(data, learner, None, [(capital, None, 1)])
    first, _essay = stats.question_stats(data, coordinator)
    assert (first.name, first.scored, first.answered) == ("Capital", 5, 4)


def test_multiple_select_wrong_choice_is_one_that_earns_nothing(instructor, coordinator):
    question = make_question(QuestionType.MULTIPLE, name="Primes", points=Decimal("2"))
    two, three, four, nine = question.current_version.choices.order_by("order")
    cohort = make_cohort(instructors=[instructor])
    quiz = make_quiz([question], course=cohort.course)
    for picked, score in [
        ([two.pk, three.pk], 2),
        ([two.pk, four.pk], 0),
        ([four.pk], 0),
        ([two.pk, nine.pk], 0),
    ]:
        learner = UserFactory(roles=[Role.LEARNER])
        take(quiz, learner, enrol(learner, cohort), [(question, picked, score)])
    (primes,) = stats.question_stats(quiz, coordinator)
    assert (primes.common_wrong_choice, primes.common_wrong_count) == ("4", 2)
    assert primes.difficulty == 25.0


def test_the_statistics_page_renders_the_numbers(client, data, instructor):
    client.force_login(instructor)
    response = client.get(reverse("grading:quiz_stats", args=[data.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "50.0% (1/2)" in html
    assert "Lyon (2\u00d7)" in html
    assert "cohorts you teach" in html
    index = client.get(reverse("grading:stats_index")).content.decode()
    assert data.title in index


def test_the_statistics_of_a_quiz_outside_the_instructors_courses_are_a_404(
    client, data, instructor
):
    stranger = make_quiz([make_question()], title="Elsewhere")
    client.force_login(instructor)
    assert client.get(reverse("grading:quiz_stats", args=[stranger.pk])).status_code == 404
    assert "Elsewhere" not in client.get(reverse("grading:stats_index")).content.decode()


def test_authors_and_learners_cannot_open_statistics(client, data, learner):
    for person in (UserFactory(roles=[Role.AUTHOR]), learner):
        client.force_login(person)
        response = client.get(reverse("grading:quiz_stats", args=[data.pk]))
        assert response.status_code == 302
        assert "Capital" not in response.content.decode()


def test_the_quiz_listing_links_to_the_statistics(client, data, coordinator):
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    html = client.get(reverse("wagtailsnippets_assessments_quiz:list")).content.decode()
    assert reverse("grading:quiz_stats", args=[data.pk]) in html
