"""Grading rules: scores, revisions, reasons, rubrics, history, audit and notifications."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404

from lms.accounts.roles import Role
from lms.assessments.exceptions import InvalidGrade, StaleGrade
from lms.assessments.grading_queue import (
    GRADED,
    QueueFilters,
    load_items,
    pending_count,
    queue_keys,
)
from lms.assessments.models import (
    AttemptQuestion,
    AttemptStatus,
    GradeChange,
    RubricScore,
    Submission,
    SubmissionStatus,
)
from lms.assessments.services.grading import grade_answer, grade_submission
from lms.audit.models import AuditEvent
from lms.notifications.models import Notification
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
    return essay_attempt(
        learner=learner, enrollment=enrollment, extra=[(Decimal("5"), Decimal("5"))]
    )


@pytest.fixture
def other_instructor(db):
    return UserFactory(email="other-instructor@example.com", roles=[Role.INSTRUCTOR])


def grade(row, by, score="7", **kwargs):
    kwargs.setdefault("feedback", "Good structure.")
    kwargs.setdefault("seen_revision", row.grade_revision)
    return grade_answer(row=row, score=score, by=by, **kwargs)


# Answers -------------------------------------------------------------------


def test_grading_an_essay_marks_it_and_totals_the_attempt(essay, instructor):
    grade(essay, instructor, score="7.5", internal_note="Borderline")
    essay.refresh_from_db()
    attempt = essay.attempt
    attempt.refresh_from_db()
    assert essay.score == Decimal("7.50")
    assert essay.needs_grading is False
    assert essay.feedback == "Good structure."
    assert essay.internal_note == "Borderline"
    assert essay.graded_by == instructor
    assert essay.grade_revision == 1
    assert attempt.status == AttemptStatus.GRADED
    assert attempt.score == Decimal("12.50")
    assert attempt.percent == Decimal("83.33")
    assert attempt.passed is True


def test_grading_writes_a_grade_change_and_an_audit_event(essay, instructor):
    grade(essay, instructor, score="6")
    change = GradeChange.objects.get(attempt_question=essay)
    assert (change.old_score, change.new_score, change.changed_by) == (
        None,
        Decimal("6"),
        instructor,
    )
    event = AuditEvent.objects.get(action="grade.changed")
    assert event.actor == instructor
    assert event.target_id == str(essay.pk)
    assert event.before["score"] is None and event.before["needs_grading"] is True
    assert event.after["score"] == "6.00"
    assert event.after["attempt_status"] == AttemptStatus.GRADED


def test_the_learner_is_notified_when_the_transaction_commits(
    essay, instructor, learner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        grade(essay, instructor, score="7")
    assert not Notification.objects.exists()
    for callback in callbacks:
        callback()
    note = Notification.objects.get()
    assert note.recipient == learner
    assert note.kind == "grade.released"
    assert essay.attempt.quiz.title in note.subject
    assert "80.00%" in note.body


def test_no_notification_while_other_answers_still_wait(
    learner, enrollment, instructor, django_capture_on_commit_callbacks
):
    first = essay_attempt(learner=learner, enrollment=enrollment)
    AttemptQuestion.objects.create(
        attempt=first.attempt,
        order=2,
        question_version=first.question_version,
        points=Decimal("10"),
        needs_grading=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        grade(first, instructor)
    first.attempt.refresh_from_db()
    assert first.attempt.status == AttemptStatus.AWAITING_GRADING
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    "score, message",
    [
        ("11", "The score must be from 0 to 10.00; 11 is out of range."),
        ("-1", "The score must be from 0 to 10.00; -1 is out of range."),
        ("ten", "“ten” is not a number; enter a score from 0 to 10.00."),
        ("", "Enter a score from 0 to 10.00."),
    ],
)
def test_scores_outside_the_question_points_are_refused(essay, instructor, score, message):
    with pytest.raises(InvalidGrade) as excinfo:
        grade(essay, instructor, score=score)
    assert str(excinfo.value) == message
    assert excinfo.value.field == "score"
    essay.refresh_from_db()
    assert essay.needs_grading is True and essay.score is None
    assert not GradeChange.objects.exists()


def test_a_second_grader_on_a_stale_revision_is_refused_and_overwrites_nothing(
    essay, instructor, coordinator
):
    instructor.first_name, instructor.last_name = "Ada", "Lovelace"
    instructor.save()
    opened_at = essay.grade_revision  # both open the answer at revision 0
    grade(essay, instructor, score="8", feedback="Clear", seen_revision=opened_at)
    with pytest.raises(StaleGrade) as excinfo:
        grade(essay, coordinator, score="3", feedback="Weak", seen_revision=opened_at)
    assert str(excinfo.value).startswith("Ada Lovelace graded this at ")
    assert "while you were grading; reload to see their grade." in str(excinfo.value)
    assert excinfo.value.current.score == Decimal("8")
    essay.refresh_from_db()
    assert (essay.score, essay.feedback, essay.graded_by) == (Decimal("8"), "Clear", instructor)
    assert GradeChange.objects.count() == 1


def test_the_same_save_arriving_twice_grades_once(essay, instructor):
    grade(essay, instructor, score="8", seen_revision=0)
    grade(essay, instructor, score="8", seen_revision=0)  # a double click
    essay.refresh_from_db()
    assert essay.grade_revision == 1
    assert GradeChange.objects.count() == 1


def test_a_regrade_needs_a_reason_and_records_old_and_new(essay, instructor):
    grade(essay, instructor, score="8")
    essay.refresh_from_db()
    with pytest.raises(InvalidGrade) as excinfo:
        grade(essay, instructor, score="9", reason="  ")
    assert str(excinfo.value) == "Give a reason for changing a grade that was already given."
    assert excinfo.value.field == "reason"
    grade(essay, instructor, score="9", reason="Missed the second argument")
    change = GradeChange.objects.order_by("pk").last()
    assert (change.old_score, change.new_score) == (Decimal("8"), Decimal("9"))
    assert change.reason == "Missed the second argument"
    essay.attempt.refresh_from_db()
    assert essay.attempt.score == Decimal("14")


def test_grading_needs_the_grade_permission(essay, learner):
    author = UserFactory(roles=[Role.AUTHOR])
    for person in (author, learner):
        with pytest.raises(PermissionDenied):
            grade(essay, person)


def test_another_instructors_answer_is_not_found(essay, other_instructor):
    with pytest.raises(Http404):
        grade(essay, other_instructor)


def test_an_open_attempt_cannot_be_graded(essay, instructor):
    essay.attempt.status = AttemptStatus.IN_PROGRESS
    essay.attempt.save()
    with pytest.raises(InvalidGrade, match="has not submitted this attempt yet"):
        grade(essay, instructor)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_graders_saving_at_once_one_wins_the_other_is_refused(db):
    instructor = UserFactory(roles=[Role.INSTRUCTOR])
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    learner = UserFactory(roles=[Role.LEARNER])
    enrollment = enrol(learner, make_cohort(instructors=[instructor]))
    row = essay_attempt(learner=learner, enrollment=enrollment)
    barrier = threading.Barrier(2)
    outcomes = []

    def save(by, score):
        try:
            barrier.wait()
            grade_answer(row=row, score=score, feedback="", by=by, seen_revision=0)
            outcomes.append("saved")
        except StaleGrade:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(instructor, "4")),
        threading.Thread(target=save, args=(coordinator, "6")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved", "stale"]
    row.refresh_from_db()
    assert row.grade_revision == 1
    assert GradeChange.objects.filter(attempt_question=row).count() == 1


# Submissions -----------------------------------------------------------------


def grade_work(sub, by, **kwargs):
    kwargs.setdefault("feedback", "Thorough.")
    kwargs.setdefault("seen_revision", sub.grade_revision)
    return grade_submission(submission=sub, by=by, **kwargs)


def test_grading_a_submission_by_score_sets_pass_and_status(learner, enrollment, instructor):
    assignment = AssignmentFactory(course=enrollment.course, points=Decimal("20"), pass_score=60)
    sub = submission(learner=learner, enrollment=enrollment, assignment=assignment)
    grade_work(sub, instructor, score="11")
    sub.refresh_from_db()
    assert (sub.status, sub.score, sub.passed) == (SubmissionStatus.GRADED, Decimal("11"), False)
    grade_work(sub, instructor, score="12", reason="Recounted")
    sub.refresh_from_db()
    assert (sub.score, sub.passed, sub.grade_revision) == (Decimal("12"), True, 2)
    assert list(
        GradeChange.objects.filter(submission=sub)
        .order_by("pk")
        .values_list("old_score", "new_score")
    ) == [(None, Decimal("11")), (Decimal("11"), Decimal("12"))]
    assert AuditEvent.objects.filter(action="grade.changed", target_id=str(sub.pk)).count() == 2


def test_a_submission_score_above_the_maximum_names_it(learner, enrollment, instructor):
    sub = submission(learner=learner, enrollment=enrollment)
    with pytest.raises(InvalidGrade, match="from 0 to 100"):
        grade_work(sub, instructor, score="101")


def test_rubric_grading_sums_the_chosen_levels_and_copies_them(learner, enrollment, instructor):
    rubric = RubricFactory()
    argument, evidence = (block.id for block in rubric.criteria)
    assignment = AssignmentFactory(course=enrollment.course, rubric=rubric, pass_score=50)
    sub = submission(learner=learner, enrollment=enrollment, assignment=assignment)
    grade_work(sub, instructor, rubric_levels={argument: "2", evidence: 0})
    sub.refresh_from_db()
    assert (sub.score, sub.max_score, sub.passed) == (Decimal("10"), Decimal("15"), True)
    assert list(sub.rubric_scores.values_list("criterion", "level", "points")) == [
        ("Argument", "Excellent", Decimal("10")),
        ("Evidence", "Missing", Decimal("0")),
    ]
    # A regrade replaces the levels; the rubric can change later without touching them.
    grade_work(sub, instructor, rubric_levels={argument: 1, evidence: 1}, reason="Sources found")
    assert RubricScore.objects.filter(submission=sub).count() == 2
    sub.refresh_from_db()
    assert sub.score == Decimal("10")
    assert sorted(sub.rubric_scores.values_list("level", flat=True)) == ["Cited", "Sound"]


def test_rubric_grading_requires_every_criterion(learner, enrollment, instructor):
    rubric = RubricFactory()
    argument = rubric.criteria[0].id
    assignment = AssignmentFactory(course=enrollment.course, rubric=rubric)
    sub = submission(learner=learner, enrollment=enrollment, assignment=assignment)
    with pytest.raises(InvalidGrade) as excinfo:
        grade_work(sub, instructor, rubric_levels={argument: 1})
    assert str(excinfo.value) == "Choose a level for the criterion “Evidence”."
    with pytest.raises(InvalidGrade, match="has no level 7"):
        grade_work(sub, instructor, rubric_levels={argument: 7, rubric.criteria[1].id: 0})
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED
    assert not RubricScore.objects.exists()


def test_a_stale_submission_grade_is_refused(learner, enrollment, instructor, coordinator):
    sub = submission(learner=learner, enrollment=enrollment)
    grade_work(sub, instructor, score="70", seen_revision=0)
    with pytest.raises(StaleGrade):
        grade_work(sub, coordinator, score="20", seen_revision=0)
    sub.refresh_from_db()
    assert sub.score == Decimal("70") and sub.graded_by == instructor


def test_a_superseded_submission_cannot_be_graded(learner, enrollment, instructor):
    sub = submission(learner=learner, enrollment=enrollment, status=SubmissionStatus.SUPERSEDED)
    with pytest.raises(InvalidGrade, match="replaced this submission"):
        grade_work(sub, instructor, score="50")


def test_submission_grade_notifies_the_learner_on_commit(
    learner, enrollment, instructor, django_capture_on_commit_callbacks
):
    sub = submission(learner=learner, enrollment=enrollment)
    with django_capture_on_commit_callbacks(execute=True):
        grade_work(sub, instructor, score="55")
    note = Notification.objects.get(recipient=learner)
    assert sub.assignment.title in note.subject
    assert note.body == "You scored 55.00 out of 100.00 (passed)."


def test_another_instructors_submission_is_not_found(learner, enrollment, other_instructor):
    sub = submission(learner=learner, enrollment=enrollment)
    with pytest.raises(Http404):
        grade_work(sub, other_instructor, score="50")


# The queue -------------------------------------------------------------------


def test_the_queue_mixes_answers_and_submissions_oldest_first(learner, enrollment, instructor):
    newest = submission(learner=learner, enrollment=enrollment, submitted_at=days_ago(1))
    oldest = essay_attempt(learner=learner, enrollment=enrollment, submitted_at=days_ago(9))
    middle = submission(learner=learner, enrollment=enrollment, submitted_at=days_ago(3))
    items = load_items(queue_keys(instructor))
    assert [item.obj for item in items] == [oldest, middle, newest]
    assert items[0].overdue is True and items[1].overdue is False
    assert pending_count(instructor) == 3


def test_the_queue_is_scoped_to_the_graders_cohorts(
    learner, enrollment, instructor, other_instructor, coordinator
):
    mine = essay_attempt(learner=learner, enrollment=enrollment)
    other_learner = UserFactory(roles=[Role.LEARNER])
    theirs = submission(
        learner=other_learner,
        enrollment=enrol(other_learner, make_cohort(instructors=[other_instructor])),
    )
    support = UserFactory(roles=[Role.SUPPORT])

    def objs(user):
        return {item.obj for item in load_items(queue_keys(user))}

    assert objs(instructor) == {mine}
    assert objs(other_instructor) == {theirs}
    assert objs(coordinator) == {mine, theirs}
    assert objs(support) == set()
    assert objs(learner) == set()


def test_a_cohort_with_two_instructors_lists_each_item_once(
    learner, enrollment, instructor, other_instructor, cohort
):
    cohort.instructors.add(other_instructor)
    cohort.save()
    essay_attempt(learner=learner, enrollment=enrollment)
    assert pending_count(instructor) == 1


def test_queue_filters(learner, enrollment, instructor):
    essay = essay_attempt(learner=learner, enrollment=enrollment, submitted_at=days_ago(10))
    sub = submission(learner=learner, enrollment=enrollment, submitted_at=days_ago(2))
    other_cohort = make_cohort(instructors=[instructor])
    other_learner = UserFactory(roles=[Role.LEARNER])
    elsewhere = submission(learner=other_learner, enrollment=enrol(other_learner, other_cohort))

    def objs(**filters):
        return [item.obj for item in load_items(queue_keys(instructor, QueueFilters(**filters)))]

    assert objs(course=enrollment.course_id) == [essay, sub]
    assert objs(cohort=other_cohort.pk) == [elsewhere]
    assert objs(quiz=essay.attempt.quiz_id) == [essay]
    assert objs(assignment=sub.assignment_id) == [sub]
    assert objs(overdue=True) == [essay]
    assert objs(state=GRADED) == []
    grade(essay, instructor)
    assert objs(state=GRADED) == [essay]
    assert objs() == [sub, elsewhere]


def test_work_handed_in_early_is_overdue_counted_from_the_due_date(learner, enrollment, instructor):
    assignment = AssignmentFactory(course=enrollment.course, due_at=days_ago(2))
    submission(
        learner=learner, enrollment=enrollment, assignment=assignment, submitted_at=days_ago(20)
    )
    assert list(queue_keys(instructor, QueueFilters(overdue=True))) == []
    assert Submission.objects.gradable_by(instructor).count() == 1
