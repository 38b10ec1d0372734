"""The rules of handing in an assignment (lms.assessments.services.submissions)."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.storage import storages
from django.db import close_old_connections, connection
from django.utils import timezone

from lms.accounts.roles import Role
from lms.assessments.exceptions import AlreadySubmitted, FilesRefused, SubmissionRefused
from lms.assessments.models import (
    LatePolicy,
    ResubmissionPolicy,
    Submission,
    SubmissionFile,
    SubmissionStatus,
)
from lms.assessments.services import submissions as service
from lms.assessments.services.submissions import (
    next_submission_number,
    submissions_left,
    submit_assignment,
)
from lms.audit.models import AuditEvent
from tests.assessments.submission_files import HTML, PDF, PNG, enrol, stored_files, upload
from tests.factories.accounts import UserFactory
from tests.factories.assessments import AssignmentFactory, RubricFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def enrollment(learner):
    return enrol(learner)


@pytest.fixture
def assignment(enrollment):
    return AssignmentFactory(
        course=enrollment.course,
        title="Risk register",
        accept_files=True,
        accept_text=True,
        allowed_file_types="pdf, png",
        max_files=2,
        due_at=NOW + timedelta(days=3),
    )


def submit(assignment, learner, **kwargs):
    kwargs.setdefault("text", "My answer.")
    return submit_assignment(assignment=assignment, learner=learner, **kwargs)


def refusal(assignment, learner, **kwargs):
    with pytest.raises(SubmissionRefused) as refused:
        submit(assignment, learner, **kwargs)
    return str(refused.value)


def test_text_and_files_are_saved_with_generated_names_in_private_storage(
    assignment, learner, enrollment
):
    submission = submit(
        assignment,
        learner,
        text="  See the attached register.  ",
        files=[upload("Register (final).pdf", PDF), upload("chart.png", PNG)],
        now=NOW,
    )

    submission.refresh_from_db()
    assert submission.number == 1
    assert submission.enrollment == enrollment
    assert submission.text == "See the attached register."
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.is_late is False
    assert submission.submitted_at == NOW
    assert submission.max_score == Decimal("100")
    files = list(submission.files.all())
    assert [(f.original_name, f.size, f.content_type) for f in files] == [
        ("Register (final).pdf", len(PDF), "application/pdf"),
        ("chart.png", len(PNG), "image/png"),
    ]
    pdf_name = files[0].file.name
    assert pdf_name.startswith(f"submissions/{timezone.now():%Y/%m}/")
    assert pdf_name.endswith(".pdf")
    assert "Register" not in pdf_name
    assert files[0].file.storage is storages["private"]
    with storages["private"].open(pdf_name) as stored:
        assert stored.read() == PDF


def test_submitting_is_audited(assignment, learner):
    submission = submit(assignment, learner, files=[upload("a.pdf", PDF)])

    event = AuditEvent.objects.get(action="assignment.submitted")
    assert event.actor == learner
    assert event.target_id == str(submission.pk)
    assert event.after["number"] == 1
    assert event.after["files"] == ["a.pdf"]
    assert event.after["late"] is False


def test_max_score_comes_from_the_rubric_when_there_is_one(assignment, learner):
    assignment.rubric = RubricFactory()
    assignment.save()

    assert submit(assignment, learner).max_score == Decimal("15")


def test_draft_assignment_is_refused(assignment, learner):
    assignment.live = False
    assignment.save()

    assert refusal(assignment, learner) == "“Risk register” is not open for submissions."


def test_learner_without_a_reading_enrolment_is_refused(assignment):
    stranger = UserFactory(roles=[Role.LEARNER])

    message = refusal(assignment, stranger)

    assert message == (
        f"You are not enrolled in {assignment.course.title}, so you cannot hand in “Risk register”."
    )
    assert not Submission.objects.exists()


def test_withdrawn_learner_is_refused(assignment, learner, enrollment):
    enrollment.status = "withdrawn"
    enrollment.save()

    assert "You are not enrolled in" in refusal(assignment, learner)


def test_completed_learner_may_still_hand_in(assignment, learner, enrollment):
    enrollment.status = "completed"
    enrollment.save()

    assert submit(assignment, learner).enrollment == enrollment


def test_text_is_refused_when_only_files_are_taken(assignment, learner):
    assignment.accept_text = False
    assignment.save()

    assert refusal(assignment, learner, text="Hello") == (
        "This assignment takes files only, not a written answer."
    )


def test_files_are_refused_when_only_text_is_taken(assignment, learner):
    assignment.accept_files = False
    assignment.save()

    assert refusal(assignment, learner, files=[upload("a.pdf", PDF)]) == (
        "This assignment takes a written answer only, not files."
    )


@pytest.mark.parametrize(
    ("accept_text", "accept_files", "message"),
    [
        (True, True, "Nothing was handed in: write your answer or add a file."),
        (True, False, "Nothing was handed in: write your answer."),
        (False, True, "Nothing was handed in: add a file."),
    ],
)
def test_handing_in_nothing_is_refused(assignment, learner, accept_text, accept_files, message):
    assignment.accept_text, assignment.accept_files = accept_text, accept_files
    assignment.save()

    assert refusal(assignment, learner, text="   ") == message


def test_overlong_text_is_refused(assignment, learner):
    message = refusal(assignment, learner, text="x" * 100_001)
    assert message == "Your answer is 100,001 characters long; the limit is 100,000."


def test_late_work_is_refused_naming_the_due_date(assignment, learner):
    assignment.late_policy = LatePolicy.REFUSE
    assignment.due_at = timezone.make_aware(timezone.datetime(2026, 3, 2, 17, 0))
    assignment.save()

    message = refusal(assignment, learner, now=assignment.due_at + timedelta(minutes=1))

    assert message == (
        "“Risk register” was due on 2 March 2026 at 17:00 and does not accept late work. "
        "Contact your instructor."
    )
    assert not Submission.objects.exists()


def test_work_before_the_due_date_is_accepted_under_refuse(assignment, learner):
    assignment.late_policy = LatePolicy.REFUSE
    assignment.save()

    assert submit(assignment, learner, now=assignment.due_at).is_late is False


def test_late_work_is_marked_late(assignment, learner):
    assignment.late_policy = LatePolicy.MARK_LATE
    assignment.save()

    late = submit(assignment, learner, now=assignment.due_at + timedelta(seconds=1))

    assert late.is_late is True


def test_late_work_is_accepted_unmarked_under_accept(assignment, learner):
    assignment.late_policy = LatePolicy.ACCEPT
    assignment.save()

    assert submit(assignment, learner, now=assignment.due_at + timedelta(days=5)).is_late is False


def test_no_due_date_is_never_late(assignment, learner):
    assignment.due_at = None
    assignment.late_policy = LatePolicy.REFUSE
    assignment.save()

    assert submit(assignment, learner).is_late is False


def test_one_submission_only_refuses_the_second(assignment, learner):
    assignment.resubmission = ResubmissionPolicy.NONE
    assignment.save()
    submit(assignment, learner)

    assert refusal(assignment, learner) == (
        "You have already handed in “Risk register”; it takes one submission only."
    )
    assert Submission.objects.count() == 1


def test_until_graded_supersedes_the_previous_submission(assignment, learner):
    assignment.resubmission = ResubmissionPolicy.UNTIL_GRADED
    assignment.save()
    first = submit(assignment, learner)

    second = submit(assignment, learner, text="Better answer.")

    first.refresh_from_db()
    assert first.status == SubmissionStatus.SUPERSEDED
    assert (second.number, second.status) == (2, SubmissionStatus.SUBMITTED)
    assert list(Submission.objects.awaiting_grading()) == [second]


def test_until_graded_refuses_once_graded(assignment, learner):
    assignment.resubmission = ResubmissionPolicy.UNTIL_GRADED
    assignment.save()
    first = submit(assignment, learner)
    Submission.objects.filter(pk=first.pk).update(status=SubmissionStatus.GRADED, score=80)

    assert refusal(assignment, learner) == (
        "Your submission has been graded, so “Risk register” cannot be handed in again."
    )


def test_limited_allows_the_set_number_then_refuses(assignment, learner):
    assignment.resubmission = ResubmissionPolicy.LIMITED
    assignment.max_submissions = 2
    assignment.save()
    first = submit(assignment, learner)
    Submission.objects.filter(pk=first.pk).update(status=SubmissionStatus.GRADED, score=40)
    second = submit(assignment, learner)

    assert refusal(assignment, learner) == ("You have used all 2 submissions for “Risk register”.")
    first.refresh_from_db()
    # A graded submission keeps its grade; only waiting ones are superseded.
    assert first.status == SubmissionStatus.GRADED
    assert second.number == 2


def test_submissions_left_follows_each_policy(assignment, learner):
    assignment.resubmission = ResubmissionPolicy.LIMITED
    assignment.max_submissions = 3
    assert submissions_left(assignment=assignment, submissions=[]) == 3
    first = submit(assignment, learner)
    assert submissions_left(assignment=assignment, submissions=[first]) == 2
    assignment.resubmission = ResubmissionPolicy.NONE
    assert submissions_left(assignment=assignment, submissions=[first]) == 0
    assignment.resubmission = ResubmissionPolicy.UNTIL_GRADED
    assert submissions_left(assignment=assignment, submissions=[first]) is None
    first.status = SubmissionStatus.GRADED
    assert submissions_left(assignment=assignment, submissions=[first]) == 0


def test_the_same_form_sent_twice_saves_once(assignment, learner):
    token = next_submission_number(assignment=assignment, learner=learner)
    files_before = stored_files()
    first = submit(assignment, learner, files=[upload("a.pdf", PDF)], expected_number=token)

    with pytest.raises(AlreadySubmitted) as again:
        submit(assignment, learner, files=[upload("a.pdf", PDF)], expected_number=token)

    assert again.value.submission == first
    assert str(again.value).startswith("Submission 1 was already received at ")
    assert Submission.objects.count() == 1
    assert SubmissionFile.objects.count() == 1
    assert len(stored_files() - files_before) == 1
    first.refresh_from_db()
    assert first.status == SubmissionStatus.SUBMITTED  # not superseded by its own copy


def test_a_new_form_after_a_submission_is_a_resubmission(assignment, learner):
    submit(assignment, learner, expected_number=1)
    token = next_submission_number(assignment=assignment, learner=learner)

    assert token == 2
    assert submit(assignment, learner, expected_number=token).number == 2


def test_a_form_ahead_of_the_numbering_is_out_of_date(assignment, learner):
    assert refusal(assignment, learner, expected_number=5) == (
        "This form is out of date. Reload the page and try again."
    )


def test_one_bad_file_saves_nothing(assignment, learner):
    files_before = stored_files()

    with pytest.raises(FilesRefused) as refused:
        submit(
            assignment,
            learner,
            files=[upload("good.pdf", PDF), upload("report.pdf", HTML)],
        )

    assert refused.value.problems == ["report.pdf is not a PDF (it looks like HTML)."]
    assert not Submission.objects.exists()
    assert not SubmissionFile.objects.exists()
    assert stored_files() == files_before


def test_a_failure_after_files_were_stored_removes_them(assignment, learner, monkeypatch):
    files_before = stored_files()

    def broken_audit(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(service, "record", broken_audit)

    with pytest.raises(RuntimeError):
        submit(assignment, learner, files=[upload("a.pdf", PDF), upload("b.png", PNG)])

    assert not Submission.objects.exists()
    assert stored_files() == files_before


def test_numbering_is_per_learner(assignment, learner):
    other = UserFactory(roles=[Role.LEARNER])
    enrol(other, assignment.course)

    submit(assignment, learner)
    theirs = submit(assignment, other)

    assert theirs.number == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_posts_of_one_form_save_one_submission():
    learner = UserFactory(roles=[Role.LEARNER])
    enrollment = enrol(learner)
    assignment = AssignmentFactory(
        course=enrollment.course, accept_text=True, resubmission=ResubmissionPolicy.UNTIL_GRADED
    )
    outcomes = []
    barrier = threading.Barrier(6)

    def post():
        try:
            barrier.wait()
            submit(assignment, learner, expected_number=1)
            outcomes.append("saved")
        except AlreadySubmitted:
            outcomes.append("duplicate")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["duplicate"] * 5 + ["saved"]
    assert Submission.objects.filter(learner=learner).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_resubmissions_get_distinct_numbers():
    learner = UserFactory(roles=[Role.LEARNER])
    enrollment = enrol(learner)
    assignment = AssignmentFactory(
        course=enrollment.course, accept_text=True, resubmission=ResubmissionPolicy.UNTIL_GRADED
    )
    errors = []
    barrier = threading.Barrier(5)

    def post():
        try:
            barrier.wait()
            submit(assignment, learner)
        except Exception as exc:
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    rows = Submission.objects.filter(learner=learner).order_by("number")
    assert [s.number for s in rows] == [1, 2, 3, 4, 5]
    assert [s.status for s in rows].count(SubmissionStatus.SUBMITTED) == 1
