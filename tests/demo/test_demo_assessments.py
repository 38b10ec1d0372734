import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Revision

from lms.accounts.models import User
from lms.assessments.grading_queue import pending_count
from lms.assessments.models import (
    Assignment,
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    GradeChange,
    Question,
    QuestionType,
    Quiz,
    RubricScore,
    Submission,
    SubmissionStatus,
)
from lms.cohorts.models import Enrollment
from lms.courses.models import CourseVersion, LessonPage
from lms.demo.assessments import ASSIGNMENT, FINAL, QUIZ, QUIZ_LESSON

# serialized_rollback: the demo needs the rows data migrations create (roles, home page).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def counts():
    return {
        "questions": Question.objects.count(),
        "quizzes": Quiz.objects.count(),
        "assignments": Assignment.objects.count(),
        "attempts": Attempt.objects.count(),
        "answers": AttemptQuestion.objects.count(),
        "submissions": Submission.objects.count(),
        "grade_changes": GradeChange.objects.count(),
        "revisions": Revision.objects.count(),
        "versions": CourseVersion.objects.count(),
    }


def test_demo_assessments_cover_every_type_and_state_and_seed_once():
    call_command("seed_demo")
    first = counts()

    types = set(Question.objects.values_list("current_version__type", flat=True))
    assert types == set(QuestionType.values)
    quiz = Quiz.objects.get(title=QUIZ, live=True)
    assert Quiz.objects.get(title=FINAL, live=True).is_final_assessment
    assignment = Assignment.objects.get(title=ASSIGNMENT, live=True)
    assert assignment.rubric is not None

    liam = User.objects.get(email="learner@northwind.example")
    statuses = sorted(
        Attempt.objects.filter(quiz=quiz, learner=liam).values_list("status", flat=True)
    )
    assert statuses == sorted([AttemptStatus.GRADED, AttemptStatus.AWAITING_GRADING])
    graded = Submission.objects.get(assignment=assignment, learner=liam)
    assert graded.status == SubmissionStatus.GRADED and graded.feedback
    assert RubricScore.objects.filter(submission=graded).count() == 3

    # The instructor teaching the Northwind cohort has work to grade.
    instructor = User.objects.get(email="instructor@lectern.test")
    pending = Submission.objects.gradable_by(instructor).awaiting_grading()
    assert set(pending.values_list("learner__email", flat=True)) == {
        "noor.haddad@northwind.example",
        "jonas.weber@northwind.example",
    }
    essays = AttemptQuestion.objects.gradable_by(instructor).awaiting_grading()
    assert essays.count() == 2
    assert pending_count(instructor) == 4
    staff = Client()
    staff.force_login(instructor)
    queue = staff.get("/admin/grading/")
    assert queue.status_code == 200
    assert "Noor" in queue.content.decode() and "Jonas" in queue.content.decode()

    # The learner is on the course version whose lesson holds the quiz block.
    enrollment = Enrollment.objects.get(learner=liam, course=quiz.course)
    entry = enrollment.version.entries.get(page_id=LessonPage.objects.get(slug=QUIZ_LESSON).pk)
    lesson = Revision.objects.get(pk=entry.revision_id).as_object()
    assert any(b.block_type == "quiz" and b.value.pk == quiz.pk for b in lesson.body)

    client = Client()
    client.force_login(liam)
    page = client.get(LessonPage.objects.get(slug=QUIZ_LESSON).url, follow=True)
    assert page.status_code == 200
    assert QUIZ in page.content.decode()

    call_command("seed_demo")
    assert counts() == first
