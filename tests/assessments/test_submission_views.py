"""The learner's assignment page, file downloads and the assignment block in lessons."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.accounts.roles import Role
from lms.assessments.models import (
    LatePolicy,
    ResubmissionPolicy,
    RubricScore,
    Submission,
    SubmissionFile,
    SubmissionStatus,
)
from lms.assessments.services.submissions import submit_assignment
from lms.assessments.templatetags.assessment_tags import assignment_status, due_phrase
from tests.assessments.submission_files import HTML, PDF, enrol, stored_files, upload
from tests.factories.accounts import UserFactory
from tests.factories.assessments import AssignmentFactory, RubricFactory
from tests.factories.cohorts import CohortFactory
from tests.factories.courses import build_course, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrollment(learner):
    return enrol(learner)


@pytest.fixture
def assignment(enrollment):
    return AssignmentFactory(
        course=enrollment.course,
        title="Risk register",
        instructions="<p>List the five biggest risks.</p>",
        accept_files=True,
        accept_text=True,
        allowed_file_types="pdf, png",
        max_files=2,
        late_policy=LatePolicy.MARK_LATE,
        resubmission=ResubmissionPolicy.UNTIL_GRADED,
        due_at=timezone.now() + timedelta(days=3),
    )


@pytest.fixture
def cohort_instructor(enrollment):
    instructor = UserFactory(roles=[Role.INSTRUCTOR])
    enrollment.cohort.instructors.add(instructor)
    enrollment.cohort.save()  # a ParentalManyToManyField is written on save
    return instructor


def teach(cohort, instructor):
    cohort.instructors.add(instructor)
    cohort.save()


def page_url(assignment):
    return reverse("assessments:assignment", args=[assignment.pk])


def file_url(item):
    return reverse("assessments:submission_file", args=[item.submission_id, item.pk])


def body(response):
    return response.content.decode()


def hand_in(assignment, learner, **kwargs):
    kwargs.setdefault("text", "My answer.")
    return submit_assignment(assignment=assignment, learner=learner, **kwargs)


# The assignment page -------------------------------------------------------


def test_learner_sees_instructions_due_date_rules_and_the_form(client, learner, assignment):
    client.force_login(learner)

    response = client.get(page_url(assignment))

    assert response.status_code == 200
    html = body(response)
    assert "Risk register" in html
    assert "List the five biggest risks." in html
    assert "Due in 3 days" in html
    assert "Not handed in" in html
    for rule in [
        "Hand in files, a written answer, or both.",
        "Files: PDF or PNG. Checked by their content, not only their names.",
        "Up to 2 files, at most 10 MB each.",
        "Late work is accepted but marked late.",
        "You can hand in again until your work is graded; the latest counts.",
    ]:
        assert rule in html
    assert 'enctype="multipart/form-data"' in html
    assert 'name="submission_number" value="1"' in html
    assert 'accept=".pdf,.png"' in html
    assert "multiple" in html
    assert 'name="text"' in html
    assert "Nothing handed in yet" in html


def test_overdue_assignment_says_so(client, learner, assignment):
    assignment.due_at = timezone.now() - timedelta(days=2, hours=1)
    assignment.save()
    client.force_login(learner)

    assert "Overdue by 2 days" in body(client.get(page_url(assignment)))


def test_refused_late_work_closes_the_form(client, learner, assignment):
    assignment.due_at = timezone.now() - timedelta(hours=3)
    assignment.late_policy = LatePolicy.REFUSE
    assignment.save()
    client.force_login(learner)

    html = body(client.get(page_url(assignment)))
    assert "Late work is not accepted after the due date." in html
    assert "The due date has passed and this assignment does not accept late work." in html
    assert 'name="submission_number"' not in html

    response = client.post(
        page_url(assignment), {"text": "late", "submission_number": 1}, follow=True
    )
    assert "does not accept late work" in body(response)
    assert not Submission.objects.exists()


def test_limited_resubmissions_show_how_many_are_left(client, learner, assignment):
    assignment.resubmission = ResubmissionPolicy.LIMITED
    assignment.max_submissions = 3
    assignment.save()
    hand_in(assignment, learner)
    client.force_login(learner)

    html = body(client.get(page_url(assignment)))

    assert "You can hand in up to 3 times; the latest counts." in html
    assert "2 submissions left." in html
    assert 'name="submission_number" value="2"' in html


def test_text_only_assignment_has_no_file_input(client, learner, assignment):
    assignment.accept_files = False
    assignment.save()
    client.force_login(learner)

    html = body(client.get(page_url(assignment)))

    assert 'type="file"' not in html
    assert "Hand in a written answer." in html


def test_anonymous_visitor_is_sent_to_log_in(client, assignment):
    response = client.get(page_url(assignment))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_learner_of_another_course_gets_404(client, assignment):
    stranger = UserFactory(roles=[Role.LEARNER])
    enrol(stranger)  # another course
    client.force_login(stranger)

    assert client.get(page_url(assignment)).status_code == 404
    response = client.post(page_url(assignment), {"text": "x", "submission_number": 1})
    assert response.status_code == 404
    assert not Submission.objects.exists()


def test_draft_assignment_is_404_even_to_its_learners(client, learner, assignment):
    assignment.live = False
    assignment.save()
    client.force_login(learner)

    assert client.get(page_url(assignment)).status_code == 404


def test_instructor_of_another_course_gets_404(client, assignment):
    other = UserFactory(roles=[Role.INSTRUCTOR])
    teach(CohortFactory(course=build_course(modules=1, lessons=1)[0]), other)
    client.force_login(other)

    assert client.get(page_url(assignment)).status_code == 404


def test_cohort_instructor_sees_the_page_as_staff_without_a_form(
    client, cohort_instructor, assignment
):
    client.force_login(cohort_instructor)

    html = body(client.get(page_url(assignment)))

    assert "You are viewing as staff" in html
    assert 'name="submission_number"' not in html
    assert "Your submissions" not in html


def test_handing_in_text_and_a_pdf(client, learner, assignment):
    client.force_login(learner)

    response = client.post(
        page_url(assignment),
        {
            "text": "Five risks, ranked.",
            "files": [upload("Register.pdf", PDF)],
            "submission_number": 1,
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == page_url(assignment) + "#your-submissions"
    html = body(response)
    assert "Submission 1 received. Your instructor will grade it." in html
    submission = Submission.objects.get()
    assert submission.text == "Five risks, ranked."
    item = submission.files.get()
    assert item.original_name == "Register.pdf"
    assert "Handed in, awaiting grading" in html
    assert file_url(item) in html
    assert "Register.pdf" in html
    assert 'name="submission_number" value="2"' in html


def test_a_refused_file_is_shown_on_the_files_field_and_nothing_is_saved(
    client, learner, assignment
):
    client.force_login(learner)
    before = stored_files()

    response = client.post(
        page_url(assignment),
        {
            "text": "See file",
            "files": [upload("ok.pdf", PDF), upload("report.pdf", HTML)],
            "submission_number": 1,
        },
    )

    assert response.status_code == 200
    html = body(response)
    assert "report.pdf is not a PDF (it looks like HTML)." in html
    assert 'class="field__errors" id="id_files_error"' in html
    assert not Submission.objects.exists()
    assert stored_files() == before


def test_handing_in_nothing_shows_the_rule(client, learner, assignment):
    client.force_login(learner)

    response = client.post(page_url(assignment), {"text": "  ", "submission_number": 1})

    assert "Nothing was handed in: write your answer or add a file." in body(response)


def test_late_work_is_confirmed_as_marked_late(client, learner, assignment):
    assignment.due_at = timezone.now() - timedelta(minutes=5)
    assignment.save()
    client.force_login(learner)

    response = client.post(
        page_url(assignment), {"text": "Sorry", "submission_number": 1}, follow=True
    )

    html = body(response)
    assert "Submission 1 received, marked late." in html
    assert "Handed in late, awaiting grading" in html
    assert Submission.objects.get().is_late


def test_the_history_shows_only_the_learners_own_submissions(client, learner, assignment):
    other = UserFactory(roles=[Role.LEARNER])
    enrol(other, assignment.course)
    hand_in(assignment, other, text="Someone else's secret answer")
    hand_in(assignment, learner, text="Mine")
    client.force_login(learner)

    html = body(client.get(page_url(assignment)))

    assert "Mine" in html
    assert "secret answer" not in html


def test_graded_submission_shows_score_feedback_and_rubric_but_not_the_internal_note(
    client, learner, assignment
):
    assignment.rubric = RubricFactory()
    assignment.save()
    submission = hand_in(assignment, learner)
    criteria = list(assignment.rubric.criteria)
    RubricScore.objects.create(
        submission=submission,
        criterion_id=criteria[0].id,
        criterion="Argument",
        level="Sound",
        points=Decimal("5"),
    )
    RubricScore.objects.create(
        submission=submission,
        criterion_id=criteria[1].id,
        criterion="Evidence",
        level="Cited",
        points=Decimal("5"),
    )
    Submission.objects.filter(pk=submission.pk).update(
        status=SubmissionStatus.GRADED,
        score=Decimal("10"),
        passed=True,
        feedback="Good structure; cite more sources.",
        internal_note="Borderline, discussed with Sam.",
    )
    client.force_login(learner)

    html = body(client.get(page_url(assignment)))

    assert "Graded: 10 / 15" in html
    assert "Good structure; cite more sources." in html
    assert "Borderline" not in html
    assert "Argument" in html and "Sound" in html and "5 / 10" in html
    assert "Evidence" in html and "Cited" in html and "5 / 5" in html
    assert "Passed" in html
    assert "Your work has been graded; this assignment takes no more submissions." in html


def test_assignment_page_query_count_is_fixed(
    client, learner, assignment, django_assert_max_num_queries
):
    for _ in range(3):
        hand_in(assignment, learner, files=[upload("a.pdf", PDF)])
    client.force_login(learner)
    client.get(page_url(assignment))  # warm caches (site root, roles)

    with django_assert_max_num_queries(14):
        assert client.get(page_url(assignment)).status_code == 200


# The same form sent twice ------------------------------------------------


def test_double_submit_of_one_form_saves_once_and_says_so(client, learner, assignment):
    client.force_login(learner)
    data = {"text": "Once", "submission_number": 1}

    client.post(page_url(assignment), {**data, "files": [upload("a.pdf", PDF)]})
    response = client.post(
        page_url(assignment), {**data, "files": [upload("a.pdf", PDF)]}, follow=True
    )

    assert Submission.objects.count() == 1
    assert SubmissionFile.objects.count() == 1
    assert "Submission 1 was already received at" in body(response)
    assert Submission.objects.get().status == SubmissionStatus.SUBMITTED


def test_double_submit_under_one_submission_only_says_received_not_refused(
    client, learner, assignment
):
    assignment.resubmission = ResubmissionPolicy.NONE
    assignment.save()
    client.force_login(learner)
    data = {"text": "Once", "submission_number": 1}

    client.post(page_url(assignment), data)
    response = client.post(page_url(assignment), data, follow=True)

    html = body(response)
    assert "Submission 1 was already received at" in html
    assert "You have already handed in" not in html
    assert Submission.objects.count() == 1


def test_posting_a_new_form_when_closed_shows_the_refusal(client, learner, assignment):
    assignment.resubmission = ResubmissionPolicy.NONE
    assignment.save()
    hand_in(assignment, learner)
    client.force_login(learner)

    response = client.post(
        page_url(assignment), {"text": "Again", "submission_number": 2}, follow=True
    )

    assert "You have already handed in “Risk register”; it takes one submission only." in body(
        response
    )
    assert Submission.objects.count() == 1


def test_staff_posting_to_the_form_is_refused(client, cohort_instructor, assignment):
    client.force_login(cohort_instructor)

    response = client.post(page_url(assignment), {"text": "x", "submission_number": 1}, follow=True)

    assert "Only learners enrolled in this course hand in work here." in body(response)
    assert not Submission.objects.exists()


# Downloads -----------------------------------------------------------------


@pytest.fixture
def submitted_file(assignment, learner):
    submission = hand_in(assignment, learner, files=[upload("Register (final).pdf", PDF)])
    return submission.files.get()


def test_learner_downloads_their_file_as_an_attachment(client, learner, submitted_file):
    client.force_login(learner)

    response = client.get(file_url(submitted_file))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="Register (final).pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_non_ascii_names_are_encoded_in_the_disposition(client, learner, assignment):
    submission = hand_in(assignment, learner, files=[upload("Résumé «final».pdf", PDF)])
    client.force_login(learner)

    response = client.get(file_url(submission.files.get()))

    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "R%C3%A9sum%C3%A9%20%C2%ABfinal%C2%BB.pdf" in disposition


def test_a_stored_type_outside_the_safe_list_is_sent_as_octet_stream(
    client, learner, submitted_file
):
    SubmissionFile.objects.filter(pk=submitted_file.pk).update(content_type="text/html")
    client.force_login(learner)

    response = client.get(file_url(submitted_file))

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_cohort_instructor_and_operations_staff_download(
    client, cohort_instructor, coordinator, submitted_file
):
    for person in (cohort_instructor, coordinator):
        client.force_login(person)
        assert client.get(file_url(submitted_file)).status_code == 200


def test_everyone_else_gets_404(client, submitted_file, assignment):
    other_learner = UserFactory(roles=[Role.LEARNER])
    enrol(other_learner, assignment.course)
    other_instructor = UserFactory(roles=[Role.INSTRUCTOR])
    teach(CohortFactory(course=assignment.course), other_instructor)
    author = UserFactory(roles=[Role.AUTHOR])
    manager = UserFactory(roles=[Role.MANAGER])

    for person in (other_learner, other_instructor, author, manager):
        client.force_login(person)
        assert client.get(file_url(submitted_file)).status_code == 404, person


def test_anonymous_download_is_sent_to_log_in(client, submitted_file):
    response = client.get(file_url(submitted_file))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_file_is_only_reached_through_its_own_submission(
    client, learner, assignment, submitted_file
):
    other = UserFactory(roles=[Role.LEARNER])
    enrol(other, assignment.course)
    theirs = hand_in(assignment, other, files=[upload("theirs.pdf", PDF)]).files.get()
    client.force_login(learner)

    # The learner's own submission id with someone else's file id.
    url = reverse("assessments:submission_file", args=[submitted_file.submission_id, theirs.pk])
    assert client.get(url).status_code == 404
    assert client.get(file_url(theirs)).status_code == 404


# End to end ----------------------------------------------------------------


def test_learner_hands_in_then_the_file_reaches_only_the_right_people(
    client, learner, assignment, cohort_instructor
):
    client.force_login(learner)
    form = body(client.get(page_url(assignment)))
    assert 'name="submission_number" value="1"' in form
    data = {"text": "My register, attached.", "submission_number": 1}

    first = client.post(page_url(assignment), {**data, "files": [upload("register.pdf", PDF)]})
    again = client.post(page_url(assignment), {**data, "files": [upload("register.pdf", PDF)]})

    assert first.status_code == again.status_code == 302
    submission = Submission.objects.get()
    item = submission.files.get()
    assert (submission.text, item.original_name) == ("My register, attached.", "register.pdf")

    assert client.get(file_url(item)).status_code == 200
    client.force_login(cohort_instructor)
    assert b"".join(client.get(file_url(item)).streaming_content) == PDF
    stranger = UserFactory(roles=[Role.LEARNER])
    client.force_login(stranger)
    assert client.get(file_url(item)).status_code == 404
    client.logout()
    assert client.get(file_url(item)).status_code == 302


# The assignment block in lessons --------------------------------------------


def lesson_with(assignment):
    course, tree = build_course(modules=1, lessons=1)
    lesson = tree[0][1][0]
    lesson.body = [("rich_text", "<p>Read, then hand in.</p>"), ("assignment", assignment)]
    return course, publish(lesson)


def test_lesson_block_shows_due_date_status_and_link(client, learner):
    assignment = AssignmentFactory(title="Risk register", due_at=timezone.now() + timedelta(days=3))
    course, lesson = lesson_with(assignment)
    assignment.course = course
    assignment.save()
    enrol(learner, course)
    client.force_login(learner)

    html = body(client.get(lesson.url))
    assert "Risk register" in html
    assert "Due in 3 days" in html
    assert "Not handed in" in html
    assert page_url(assignment) in html

    Submission.objects.create(
        assignment=assignment,
        learner=learner,
        max_score=Decimal("100"),
        status=SubmissionStatus.GRADED,
        score=Decimal("72.50"),
    )
    assert "Graded: 72.5 / 100" in body(client.get(lesson.url))


def test_status_tag_says_late_and_submitted(learner, assignment):
    assert assignment_status(assignment, learner).kind == "not_submitted"
    hand_in(assignment, learner, now=assignment.due_at + timedelta(hours=1))
    status = assignment_status(assignment, learner)
    assert (status.kind, status.label) == ("late", "Handed in late, awaiting grading")


@pytest.mark.parametrize(
    ("offset", "phrase"),
    [
        (timedelta(days=3), "due in 3 days"),
        (timedelta(days=1), "due in 1 day"),
        (timedelta(hours=5), "due in 5 hours"),
        (timedelta(minutes=20), "due in less than an hour"),
        (-timedelta(minutes=20), "overdue"),
        (-timedelta(hours=2), "overdue by 2 hours"),
        (-timedelta(days=4), "overdue by 4 days"),
    ],
)
def test_due_phrases(offset, phrase):
    now = timezone.now()
    assert due_phrase(now + offset, now) == phrase
