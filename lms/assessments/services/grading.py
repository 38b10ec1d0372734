"""
Manual grading: an essay or a routed short answer, or an assignment
submission. A grader's form carries the grade revision it was opened at and
a save against a newer revision is refused, so two graders on one item never
overwrite each other silently. Every grade leaves a GradeChange row (shown on
the grading screen) and an audit event; the learner is told once the result
is out.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from lms.assessments.exceptions import InvalidGrade, StaleGrade
from lms.assessments.models import (
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    GradeChange,
    RubricScore,
    Submission,
    SubmissionStatus,
)
from lms.assessments.models.attempts import GRADE_PERMISSION
from lms.audit.services import record
from lms.notifications.services import notify

CENT = Decimal("0.01")


def grade_answer(
    *, row: AttemptQuestion, score, feedback, internal_note="", reason="", by, seen_revision
) -> AttemptQuestion:
    """
    Mark one answer that waits for a grader (or change its mark, with a
    reason), then total the attempt again. Raises PermissionDenied without
    the grade permission, Http404 for an answer outside the grader's cohorts,
    StaleGrade when someone graded it after seen_revision, InvalidGrade for a
    score out of range or a regrade without a reason.
    """
    _check_permission(by)
    scoped = AttemptQuestion.objects.gradable_by(by).filter(pk=row.pk)
    attempt_id = scoped.values_list("attempt_id", flat=True).first()
    if attempt_id is None:
        raise Http404(_("No answer found."))
    with transaction.atomic():
        # The attempt first, then the answer: the same order as submitting,
        # and two graders of one attempt's answers total it one after the other.
        attempt = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("quiz", "learner")
            .get(pk=attempt_id)
        )
        row = (
            AttemptQuestion.objects.select_for_update(of=("self",))
            .select_related("graded_by", "question_version")
            .get(pk=row.pk)
        )
        if attempt.status == AttemptStatus.IN_PROGRESS:
            raise InvalidGrade(
                _("The learner has not submitted this attempt yet; grade it once they do.")
            )
        score = _parse_score(score, maximum=row.points)
        feedback, internal_note, reason = feedback.strip(), internal_note.strip(), reason.strip()
        if _is_repeat(row, seen_revision, by, score, feedback):
            return row
        _check_revision(row, seen_revision)
        is_regrade = not row.needs_grading
        if is_regrade and not reason:
            raise InvalidGrade(
                _("Give a reason for changing a grade that was already given."), field="reason"
            )

        before = _answer_state(row)
        now = timezone.now()
        old_score = row.score
        row.score = score
        row.needs_grading = False
        row.feedback = feedback
        row.internal_note = internal_note
        row.graded_by = by
        row.graded_at = now
        row.grade_revision += 1
        row.save(
            update_fields=[
                "score",
                "needs_grading",
                "feedback",
                "internal_note",
                "graded_by",
                "graded_at",
                "grade_revision",
            ]
        )
        GradeChange.objects.create(
            attempt_question=row,
            changed_by=by,
            changed_at=now,
            old_score=old_score,
            new_score=score,
            reason=reason,
        )
        attempt.recompute(now=now)
        attempt.save(
            update_fields=["status", "max_score", "score", "percent", "passed", "graded_at"]
        )
        record(
            action="grade.changed",
            actor=by,
            target=row,
            before=before,
            after={**_answer_state(row), "attempt_status": attempt.status},
            message=reason,
        )
        if attempt.status == AttemptStatus.GRADED:
            # Only a complete result is news: while other answers still wait
            # for a grader the learner has nothing new to read.
            subject = _("Your result for “%(quiz)s” is ready") % {"quiz": attempt.quiz.title}
            body = _("You scored %(percent)s%% (%(outcome)s).") % {
                "percent": attempt.percent,
                "outcome": _("passed") if attempt.passed else _("not passed"),
            }
            url = _reverse_or_blank("assessments:attempt_result", attempt_id=attempt.pk)
            learner = attempt.learner
            transaction.on_commit(
                lambda: notify(
                    recipient=learner, kind="grade.released", subject=subject, body=body, url=url
                )
            )
    return row


def grade_submission(
    *,
    submission: Submission,
    score=None,
    rubric_levels=None,
    feedback,
    internal_note="",
    reason="",
    by,
    seen_revision,
) -> Submission:
    """
    Grade an assignment submission, by score or with the assignment's rubric
    (rubric_levels: {criterion block id: level index}, every criterion
    chosen). Same checks as grade_answer; a superseded submission cannot be
    graded.
    """
    _check_permission(by)
    if not Submission.objects.gradable_by(by).filter(pk=submission.pk).exists():
        raise Http404(_("No submission found."))
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("assignment", "assignment__rubric", "assignment__course", "graded_by")
            .get(pk=submission.pk)
        )
        assignment = submission.assignment
        if submission.status == SubmissionStatus.SUPERSEDED:
            raise InvalidGrade(
                _("The learner replaced this submission with a newer one; grade that one instead.")
            )
        feedback, internal_note, reason = feedback.strip(), internal_note.strip(), reason.strip()
        if assignment.rubric_id:
            chosen = _rubric_choices(assignment.rubric, rubric_levels or {})
            score = sum((points for _id, _title, _label, points in chosen), Decimal(0))
            max_score = assignment.rubric.max_points
        else:
            chosen = []
            max_score = submission.max_score
            score = _parse_score(score, maximum=max_score)
        if _is_repeat(submission, seen_revision, by, score, feedback):
            return submission
        _check_revision(submission, seen_revision)
        is_regrade = submission.status == SubmissionStatus.GRADED
        if is_regrade and not reason:
            raise InvalidGrade(
                _("Give a reason for changing a grade that was already given."), field="reason"
            )

        before = _submission_state(submission)
        now = timezone.now()
        old_score = submission.score
        submission.score = score
        submission.max_score = max_score
        submission.passed = score * 100 / max_score >= assignment.pass_score if max_score else True
        submission.status = SubmissionStatus.GRADED
        submission.feedback = feedback
        submission.internal_note = internal_note
        submission.graded_by = by
        submission.graded_at = now
        submission.grade_revision += 1
        submission.save(
            update_fields=[
                "score",
                "max_score",
                "passed",
                "status",
                "feedback",
                "internal_note",
                "graded_by",
                "graded_at",
                "grade_revision",
            ]
        )
        submission.rubric_scores.all().delete()
        RubricScore.objects.bulk_create(
            RubricScore(
                submission=submission,
                criterion_id=criterion_id,
                criterion=title,
                level=label,
                points=points,
            )
            for criterion_id, title, label, points in chosen
        )
        GradeChange.objects.create(
            submission=submission,
            changed_by=by,
            changed_at=now,
            old_score=old_score,
            new_score=score,
            reason=reason,
        )
        after = _submission_state(submission)
        if chosen:
            after["rubric"] = {title: label for _id, title, label, _points in chosen}
        record(
            action="grade.changed",
            actor=by,
            target=submission,
            before=before,
            after=after,
            message=reason,
        )
        subject = _("Your work for “%(assignment)s” has been graded") % {
            "assignment": assignment.title
        }
        body = _("You scored %(score)s out of %(max)s (%(outcome)s).") % {
            "score": score,
            "max": max_score,
            "outcome": _("passed") if submission.passed else _("not passed"),
        }
        url = assignment.course.url or ""
        learner = submission.learner
        transaction.on_commit(
            lambda: notify(
                recipient=learner, kind="grade.released", subject=subject, body=body, url=url
            )
        )
    return submission


def _check_permission(by):
    if not by.is_authenticated or not by.has_perm(GRADE_PERMISSION):
        raise PermissionDenied(_("You are not allowed to grade."))


def _parse_score(value, *, maximum):
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidGrade(_("Enter a score from 0 to %(max)s.") % {"max": maximum}, field="score")
    try:
        score = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidGrade(
            _("“%(value)s” is not a number; enter a score from 0 to %(max)s.")
            % {"value": value, "max": maximum},
            field="score",
        ) from None
    if not score.is_finite() or score < 0 or score > maximum:
        raise InvalidGrade(
            _("The score must be from 0 to %(max)s; %(value)s is out of range.")
            % {"max": maximum, "value": value},
            field="score",
        )
    return score.quantize(CENT, rounding=ROUND_HALF_UP)


def _check_revision(item, seen_revision):
    try:
        seen = int(seen_revision)
    except (TypeError, ValueError):
        seen = -1
    if item.grade_revision == seen:
        return
    grader = item.graded_by
    raise StaleGrade(
        _("%(grader)s graded this at %(time)s while you were grading; reload to see their grade.")
        % {
            "grader": (grader.get_full_name() or grader.email) if grader else _("Someone"),
            "time": time_format(timezone.localtime(item.graded_at), "H:i")
            if item.graded_at
            else "--:--",
        },
        current=item,
    )


def _is_repeat(item, seen_revision, by, score, feedback):
    """The same grader's save arriving twice (double click, retry): already done."""
    try:
        seen = int(seen_revision)
    except (TypeError, ValueError):
        return False
    return (
        item.grade_revision == seen + 1
        and item.graded_by_id == by.pk
        and item.score == score
        and item.feedback == feedback
    )


def _rubric_choices(rubric, rubric_levels):
    """[(criterion id, title, level label, points)] for every criterion, or InvalidGrade."""
    levels_by_id = {str(key): value for key, value in rubric_levels.items()}
    known = {block.id for block in rubric.criteria}
    unknown = sorted(set(levels_by_id) - known)
    if unknown:
        raise InvalidGrade(
            _("“%(id)s” is not a criterion of the rubric %(rubric)s.")
            % {"id": unknown[0], "rubric": rubric.name},
            field="rubric",
        )
    chosen = []
    for block in rubric.criteria:
        title = block.value["title"]
        levels = list(block.value["levels"])
        raw = levels_by_id.get(block.id)
        if raw is None or raw == "":
            raise InvalidGrade(
                _("Choose a level for the criterion “%(criterion)s”.") % {"criterion": title},
                field="rubric",
            )
        try:
            index = int(raw)
        except (TypeError, ValueError):
            index = -1
        if not 0 <= index < len(levels):
            raise InvalidGrade(
                _("The criterion “%(criterion)s” has no level %(level)s.")
                % {"criterion": title, "level": raw},
                field="rubric",
            )
        level = levels[index]
        chosen.append((block.id, title, level["label"], Decimal(level["points"])))
    return chosen


def _answer_state(row):
    return {
        "score": _str_or_none(row.score),
        "needs_grading": row.needs_grading,
        "feedback": row.feedback,
        "graded_by": row.graded_by.email if row.graded_by_id else None,
    }


def _submission_state(submission):
    return {
        "score": _str_or_none(submission.score),
        "status": submission.status,
        "passed": submission.passed,
        "feedback": submission.feedback,
        "graded_by": submission.graded_by.email if submission.graded_by_id else None,
    }


def _str_or_none(value):
    return None if value is None else str(value)


def _reverse_or_blank(name, **kwargs):
    """A link to a page another part of the app provides, or none until it exists."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""
