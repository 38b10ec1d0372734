"""
Template tags for assessments in the learner portal.

Quiz tags (quiz_*) are grouped first; assignment tags (assignment_*) go in
their own section below.
"""

from dataclasses import dataclass

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lms.assessments.filechecks import describe_allowed
from lms.assessments.models import (
    Attempt,
    AttemptStatus,
    LatePolicy,
    ResubmissionPolicy,
    Submission,
    SubmissionStatus,
)
from lms.assessments.services.attempts import result_from_attempts

register = template.Library()


# Quizzes -----------------------------------------------------------------------------------

QUIZ_STATUS_LABELS = {
    "not_started": (gettext_lazy("Not started"), ""),
    "in_progress": (gettext_lazy("In progress"), "badge--primary"),
    "awaiting_grading": (gettext_lazy("Awaiting grading"), "badge--warning"),
    "passed": (gettext_lazy("Passed"), "badge--success"),
    "failed": (gettext_lazy("Not passed yet"), "badge--error"),
}

ATTEMPT_STATUS_LABELS = {
    AttemptStatus.IN_PROGRESS: (gettext_lazy("In progress"), "badge--primary"),
    AttemptStatus.AWAITING_GRADING: (gettext_lazy("Awaiting grading"), "badge--warning"),
}


@register.inclusion_tag("assessments/components/badge.html")
def quiz_status_badge(result):
    """The learner's standing on a quiz (a QuizResult) as a badge."""
    label, modifier = QUIZ_STATUS_LABELS[result.status]
    return {"label": label, "modifier": modifier}


@register.inclusion_tag("assessments/components/badge.html")
def quiz_attempt_badge(attempt):
    """One attempt's state as a badge: in progress, awaiting grading, passed, not passed."""
    if attempt.status in ATTEMPT_STATUS_LABELS:
        label, modifier = ATTEMPT_STATUS_LABELS[attempt.status]
    elif attempt.passed:
        label, modifier = _("Passed"), "badge--success"
    else:
        label, modifier = _("Not passed"), "badge--error"
    return {"label": label, "modifier": modifier}


@register.inclusion_tag("assessments/components/quiz_panel.html", takes_context=True)
def quiz_panel(context, quiz):
    """
    A quiz placed in a lesson: title, instructions, the reader's status and
    the link to take it. One query (the reader's attempts); none for visitors.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    learning = context.get("learning") or {}
    result = None
    if user is not None and user.is_authenticated and learning.get("enrollment"):
        attempts = list(Attempt.objects.filter(quiz=quiz, learner=user))
        for attempt in attempts:
            attempt.quiz = quiz
        result = result_from_attempts(quiz, attempts)
    return {
        "quiz": quiz,
        "result": result,
        "is_learner": result is not None,
        "signed_in": bool(user is not None and user.is_authenticated),
    }


# Assignments ---------------------------------------------------------------
# Tags for the assignment block in lessons and the learner's assignment page.


@dataclass(frozen=True)
class AssignmentDue:
    at: object  # aware datetime
    phrase: str  # "due in 3 days", "overdue by 2 days"
    overdue: bool
    soon: bool  # less than two days left


@dataclass(frozen=True)
class AssignmentStatus:
    kind: str  # not_submitted, submitted, late, graded
    label: str
    submission: object = None
    badge: str = ""  # badge modifier: primary, warning, success


def due_phrase(due_at, now):
    """Plain words for a due date relative to now: "due in 3 days", "overdue by 5 hours"."""
    seconds = (due_at - now).total_seconds()
    hours = abs(seconds) / 3600
    if seconds >= 0:
        if hours < 1:
            return _("due in less than an hour")
        if hours < 23.5:
            count = round(hours)
            return ngettext("due in %(count)d hour", "due in %(count)d hours", count) % {
                "count": count
            }
        count = round(hours / 24)
        return ngettext("due in %(count)d day", "due in %(count)d days", count) % {"count": count}
    if hours < 1:
        return _("overdue")
    if hours < 23.5:
        count = round(hours)
        return ngettext("overdue by %(count)d hour", "overdue by %(count)d hours", count) % {
            "count": count
        }
    count = round(hours / 24)
    return ngettext("overdue by %(count)d day", "overdue by %(count)d days", count) % {
        "count": count
    }


@register.simple_tag
def assignment_due(assignment, now=None):
    """The assignment's due date in words, or None when it has none."""
    if not assignment.due_at:
        return None
    now = now or timezone.now()
    seconds = (assignment.due_at - now).total_seconds()
    return AssignmentDue(
        at=assignment.due_at,
        phrase=due_phrase(assignment.due_at, now),
        overdue=seconds < 0,
        soon=0 <= seconds < 2 * 86400,
    )


@register.simple_tag
def assignment_status(assignment, user, submissions=None):
    """
    Where the learner stands: not handed in, handed in (late or not) and
    waiting, or graded with the score. submissions (newest first) saves the
    query when the caller has them.
    """
    if submissions is None:
        latest = (
            Submission.objects.for_learner(user)
            .filter(assignment=assignment)
            .order_by("-number")
            .first()
            if user.is_authenticated
            else None
        )
    else:
        latest = submissions[0] if submissions else None
    if latest is None:
        return AssignmentStatus("not_submitted", _("Not handed in"))
    if latest.status == SubmissionStatus.GRADED:
        label = _("Graded: %(score)s / %(max)s") % {
            "score": _number(latest.score),
            "max": _number(latest.max_score),
        }
        return AssignmentStatus("graded", label, latest, "success")
    if latest.is_late:
        return AssignmentStatus("late", _("Handed in late, awaiting grading"), latest, "warning")
    return AssignmentStatus("submitted", _("Handed in, awaiting grading"), latest, "primary")


@register.simple_tag
def assignment_rules(assignment, submissions_left=None):
    """The assignment's rules as short plain sentences for learners."""
    rules = []
    if assignment.accept_files and assignment.accept_text:
        rules.append(_("Hand in files, a written answer, or both."))
    elif assignment.accept_text:
        rules.append(_("Hand in a written answer."))
    if assignment.accept_files:
        rules.append(
            _("Files: %(types)s. Checked by their content, not only their names.")
            % {"types": describe_allowed(assignment.file_extensions)}
        )
        rules.append(
            ngettext(
                "Up to %(count)d file, at most %(size)d MB.",
                "Up to %(count)d files, at most %(size)d MB each.",
                assignment.max_files,
            )
            % {"count": assignment.max_files, "size": assignment.max_file_size_mb}
        )
    if assignment.due_at:
        rules.append(
            {
                LatePolicy.ACCEPT: _("Late work is accepted."),
                LatePolicy.MARK_LATE: _("Late work is accepted but marked late."),
                LatePolicy.REFUSE: _("Late work is not accepted after the due date."),
            }[assignment.late_policy]
        )
    if assignment.resubmission == ResubmissionPolicy.NONE:
        rules.append(_("You can hand in once."))
    elif assignment.resubmission == ResubmissionPolicy.UNTIL_GRADED:
        rules.append(_("You can hand in again until your work is graded; the latest counts."))
    else:
        rules.append(
            ngettext(
                "You can hand in %(count)d time; the latest counts.",
                "You can hand in up to %(count)d times; the latest counts.",
                assignment.max_submissions,
            )
            % {"count": assignment.max_submissions}
        )
    if submissions_left is not None and assignment.resubmission != ResubmissionPolicy.NONE:
        rules.append(
            ngettext("%(count)d submission left.", "%(count)d submissions left.", submissions_left)
            % {"count": submissions_left}
        )
    return rules


@register.simple_tag
def assignment_accept(assignment):
    """The file input's accept attribute: ".pdf,.docx"."""
    return ",".join(f".{ext}" for ext in assignment.file_extensions)


def _number(value):
    """8.50 → 8.5, 10.00 → 10."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
