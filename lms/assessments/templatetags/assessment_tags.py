"""
Template tags for assessments in the learner portal.

Quiz tags (quiz_*) are grouped first; assignment tags (assignment_*) go in
their own section below.
"""

from django import template
from django.utils.translation import gettext_lazy as _

from lms.assessments.models import Attempt, AttemptStatus
from lms.assessments.services.attempts import result_from_attempts

register = template.Library()


# Quizzes -----------------------------------------------------------------------------------

QUIZ_STATUS_LABELS = {
    "not_started": (_("Not started"), ""),
    "in_progress": (_("In progress"), "badge--primary"),
    "awaiting_grading": (_("Awaiting grading"), "badge--warning"),
    "passed": (_("Passed"), "badge--success"),
    "failed": (_("Not passed yet"), "badge--error"),
}

ATTEMPT_STATUS_LABELS = {
    AttemptStatus.IN_PROGRESS: (_("In progress"), "badge--primary"),
    AttemptStatus.AWAITING_GRADING: (_("Awaiting grading"), "badge--warning"),
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


# Assignments -------------------------------------------------------------------------------
