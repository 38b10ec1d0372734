"""
Handing in assignments: the rules every submission goes through, whether it
comes from the learner's page or anywhere else.
"""

import logging

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.assessments.exceptions import AlreadySubmitted, SubmissionRefused
from lms.assessments.filechecks import check_files
from lms.assessments.models import (
    LatePolicy,
    ResubmissionPolicy,
    Submission,
    SubmissionFile,
    SubmissionStatus,
)
from lms.audit.services import record
from lms.cohorts.models import Enrollment
from lms.progress.access import reading_enrollment

logger = logging.getLogger(__name__)

# Longest text answer accepted, in characters.
MAX_TEXT_LENGTH = 100_000


def next_submission_number(*, assignment, learner):
    """The number the learner's next submission will get; forms carry it as their token."""
    latest = (
        Submission.objects.filter(assignment=assignment, learner=learner)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return (latest or 0) + 1


def submissions_left(*, assignment, submissions):
    """
    How many more times the learner may hand in, given their submissions
    (newest first), or None when there is no set number.
    """
    if assignment.resubmission == ResubmissionPolicy.NONE:
        return 0 if submissions else 1
    if assignment.resubmission == ResubmissionPolicy.LIMITED:
        return max(assignment.max_submissions - len(submissions), 0)
    if submissions and submissions[0].status == SubmissionStatus.GRADED:
        return 0
    return None


def submit_assignment(
    *, assignment, learner, text="", files=(), now=None, expected_number=None
) -> Submission:
    """
    Hand in text and/or files for an assignment as learner.

    The learner needs a reading enrolment in the assignment's course; the
    assignment's kinds, file rules, late policy and resubmission policy are
    applied; files are checked by content before anything is written, and
    either the submission with all its files is saved or nothing is.

    expected_number is the submission number the learner's form was made for
    (next_submission_number() when the page was rendered). If a submission
    with that number already exists, the form was posted twice — a double
    click, a retry, a second tab — and AlreadySubmitted is raised with that
    submission instead of saving a copy.
    """
    now = now or timezone.now()
    text = (text or "").strip()
    files = [f for f in files if f is not None]

    if expected_number is not None:
        # A copy of a form already handed in is recognised before any other
        # rule, so a double click never reads as "no submissions left".
        existing = Submission.objects.filter(
            assignment=assignment, learner=learner, number=expected_number
        ).first()
        if existing is not None:
            raise AlreadySubmitted(_already_message(existing), submission=existing)
    if not assignment.live:
        raise SubmissionRefused(_("“%(title)s” is not open for submissions.") % _title(assignment))
    enrollment = reading_enrollment(learner, assignment.course)
    if enrollment is None:
        raise SubmissionRefused(
            _("You are not enrolled in %(course)s, so you cannot hand in “%(title)s”.")
            % {"course": assignment.course.title, **_title(assignment)}
        )
    _check_kinds(assignment, text=text, files=files)
    is_late = _check_due_date(assignment, now=now)
    # Content checks read the files: done before any lock is taken.
    checked = check_files(files, assignment=assignment) if files else []

    stored = []
    try:
        with transaction.atomic():
            # One submitter at a time per learner and course: numbering and the
            # resubmission rules read the learner's earlier submissions.
            Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
            earlier = list(
                Submission.objects.filter(assignment=assignment, learner=learner).order_by(
                    "-number"
                )
            )
            number = earlier[0].number + 1 if earlier else 1
            if expected_number is not None:
                _check_form_token(earlier, expected_number, number)
            _check_resubmission(assignment, earlier)

            superseded = [s.pk for s in earlier if s.status == SubmissionStatus.SUBMITTED]
            Submission.objects.filter(pk__in=superseded).update(status=SubmissionStatus.SUPERSEDED)
            submission = Submission.objects.create(
                assignment=assignment,
                learner=learner,
                enrollment=enrollment,
                number=number,
                text=text,
                submitted_at=now,
                is_late=is_late,
                max_score=assignment.max_points,
            )
            for item in checked:
                row = SubmissionFile(
                    submission=submission,
                    original_name=item.name,
                    size=item.size,
                    content_type=item.content_type,
                )
                content = item.upload if isinstance(item.upload, File) else File(item.upload)
                row.file.save(item.name, content, save=False)
                stored.append(row.file.name)
                row.save()
            record(
                action="assignment.submitted",
                actor=learner,
                target=submission,
                after={
                    "assignment": assignment.pk,
                    "number": number,
                    "late": is_late,
                    "text_characters": len(text),
                    "files": [item.name for item in checked],
                    "superseded": superseded,
                },
            )
    except IntegrityError as exc:
        _discard(stored)
        # Another request numbered the same submission between our read and
        # write (a database without row locks): the form was posted twice.
        existing = Submission.objects.filter(
            assignment=assignment, learner=learner, number=expected_number or 0
        ).first()
        if existing is not None:
            raise AlreadySubmitted(_already_message(existing), submission=existing) from exc
        raise SubmissionRefused(
            _("Another submission was saved at the same moment. Reload the page and try again.")
        ) from exc
    except BaseException:
        _discard(stored)
        raise
    logger.info(
        "assignment %s: submission %s by %s (late=%s, files=%s)",
        assignment.pk,
        number,
        learner.pk,
        is_late,
        len(checked),
    )
    return submission


def _title(assignment):
    return {"title": assignment.title}


def _check_kinds(assignment, *, text, files):
    if text and not assignment.accept_text:
        raise SubmissionRefused(_("This assignment takes files only, not a written answer."))
    if files and not assignment.accept_files:
        raise SubmissionRefused(_("This assignment takes a written answer only, not files."))
    if len(text) > MAX_TEXT_LENGTH:
        raise SubmissionRefused(
            _("Your answer is %(length)s characters long; the limit is %(limit)s.")
            % {
                "length": formats.number_format(len(text), force_grouping=True),
                "limit": formats.number_format(MAX_TEXT_LENGTH, force_grouping=True),
            }
        )
    if text or files:
        return
    if assignment.accept_text and assignment.accept_files:
        message = _("Nothing was handed in: write your answer or add a file.")
    elif assignment.accept_text:
        message = _("Nothing was handed in: write your answer.")
    else:
        message = _("Nothing was handed in: add a file.")
    raise SubmissionRefused(message)


def _check_due_date(assignment, *, now):
    """Whether the submission counts as late; refuses it when the policy says so."""
    if not assignment.is_late(now):
        return False
    if assignment.late_policy == LatePolicy.REFUSE:
        due = timezone.localtime(assignment.due_at)
        raise SubmissionRefused(
            _(
                "“%(title)s” was due on %(date)s at %(time)s and does not accept late work. "
                "Contact your instructor."
            )
            % {
                **_title(assignment),
                "date": formats.date_format(due, "j F Y"),
                "time": formats.time_format(due, "H:i"),
            }
        )
    return assignment.late_policy == LatePolicy.MARK_LATE


def _check_form_token(earlier, expected_number, number):
    if expected_number < number:
        existing = next((s for s in earlier if s.number == expected_number), None)
        if existing is not None:
            raise AlreadySubmitted(_already_message(existing), submission=existing)
    if expected_number != number:
        raise SubmissionRefused(_("This form is out of date. Reload the page and try again."))


def _already_message(submission):
    return _(
        "Submission %(number)s was already received at %(time)s; the same form was sent again "
        "and nothing more was saved."
    ) % {
        "number": submission.number,
        "time": formats.time_format(timezone.localtime(submission.submitted_at), "H:i"),
    }


def _check_resubmission(assignment, earlier):
    if not earlier:
        return
    policy = assignment.resubmission
    if policy == ResubmissionPolicy.NONE:
        raise SubmissionRefused(
            _("You have already handed in “%(title)s”; it takes one submission only.")
            % _title(assignment)
        )
    if policy == ResubmissionPolicy.UNTIL_GRADED and earlier[0].status == SubmissionStatus.GRADED:
        raise SubmissionRefused(
            _("Your submission has been graded, so “%(title)s” cannot be handed in again.")
            % _title(assignment)
        )
    if policy == ResubmissionPolicy.LIMITED and len(earlier) >= assignment.max_submissions:
        raise SubmissionRefused(
            ngettext(
                "You have used your %(count)d submission for “%(title)s”.",
                "You have used all %(count)d submissions for “%(title)s”.",
                assignment.max_submissions,
            )
            % {"count": assignment.max_submissions, **_title(assignment)}
        )


def _discard(names):
    """Delete files stored for a submission that was not saved."""
    storage = SubmissionFile._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("could not delete %s after a failed submission", name, exc_info=True)
