"""
Quiz taking in the learner portal: the quiz's page, an attempt being
answered (autosaved, and usable without JavaScript), the confirmation before
submitting, and the result. Rules live in lms.assessments.services.attempts.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lms.assessments.exceptions import AttemptClosed, InvalidAnswer, NoAttemptsLeft, QuizUnavailable
from lms.assessments.models import Attempt, AttemptStatus, Quiz
from lms.assessments.services.attempts import (
    check_can_start,
    quiz_result,
    result_from_attempts,
    review_rights,
    save_answers,
    start_attempt,
    submit_attempt,
)
from lms.assessments.sheets import build_sheet, responses_from_post
from lms.core.scoping import get_visible_or_404
from lms.progress import access


def _quiz_or_404(user, quiz_id):
    """A published quiz of a course the user learns on, teaches, or runs."""
    quiz = get_object_or_404(Quiz.objects.live().select_related("course"), pk=quiz_id)
    enrollment = access.reading_enrollment(user, quiz.course)
    staff = enrollment is None and (
        access.sees_all_courses(user) or access.teaches(user, quiz.course)
    )
    if enrollment is None and not staff:
        raise Http404(_("No quiz found."))
    return quiz, enrollment


def _own_attempt_or_404(user, attempt_id):
    return get_object_or_404(
        Attempt.objects.for_learner(user).select_related("quiz__course"), pk=attempt_id
    )


def _wants_json(request):
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


@login_required
def quiz_detail(request, quiz_id):
    quiz, enrollment = _quiz_or_404(request.user, quiz_id)
    result = quiz_result(quiz, request.user)
    refusal = ""
    if result.in_progress is None:
        try:
            check_can_start(quiz=quiz, learner=request.user, used=result.attempts_used)
        except (QuizUnavailable, NoAttemptsLeft) as exc:
            refusal = str(exc)
    context = {
        "quiz": quiz,
        "course": quiz.course,
        "enrollment": enrollment,
        "result": result,
        "refusal": refusal,
        "history": list(reversed(result.attempts)),
        "question_count": quiz.question_count,
    }
    return render(request, "assessments/quiz_detail.html", context)


@login_required
@require_POST
def start(request, quiz_id):
    quiz, _enrollment = _quiz_or_404(request.user, quiz_id)
    try:
        attempt = start_attempt(quiz=quiz, learner=request.user)
    except (QuizUnavailable, NoAttemptsLeft) as exc:
        messages.error(request, str(exc))
        return redirect("assessments:quiz", quiz_id=quiz.pk)
    return redirect("assessments:attempt", attempt_id=attempt.pk)


def _time_up(request, attempt):
    """Close an attempt found past its limit and grace, then show its result."""
    submit_attempt(attempt=attempt, by=request.user)
    messages.warning(
        request, _("Time is up. Your attempt was submitted with the answers saved in time.")
    )
    return redirect("assessments:result", attempt_id=attempt.pk)


@login_required
def attempt_page(request, attempt_id):
    attempt = get_visible_or_404(
        Attempt.objects.select_related("quiz__course", "learner"), request.user, pk=attempt_id
    )
    if attempt.learner_id != request.user.pk or not attempt.is_open:
        # Graders and staff read attempts on the result page; a submitted one is done.
        return redirect("assessments:result", attempt_id=attempt.pk)
    if attempt.time_is_up():
        return _time_up(request, attempt)
    sheet = build_sheet(attempt)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "course": attempt.quiz.course,
        "sheet": sheet,
        "answered": sum(item.answered for item in sheet),
        "seconds_left": attempt.seconds_left(),
    }
    return render(request, "assessments/attempt.html", context)


@login_required
@require_POST
def save(request, attempt_id):
    """
    Save answers: one question from the autosave script (only=<order>, JSON
    reply), or the whole form from the Save and Submit buttons.
    """
    attempt = _own_attempt_or_404(request.user, attempt_id)
    result_url = reverse("assessments:result", args=[attempt.pk])
    if not attempt.is_open:
        if _wants_json(request):
            return JsonResponse(
                {"saved": False, "closed": True, "redirect": result_url}, status=409
            )
        messages.info(request, _("This attempt has already been submitted."))
        return redirect(result_url)
    sheet = build_sheet(attempt)
    only = None
    if request.POST.get("only"):
        try:
            only = {int(request.POST["only"])}
        except ValueError:
            only = set()
    responses = responses_from_post(sheet, request.POST, only=only)
    action = request.POST.get("action", "save")
    try:
        save_answers(attempt=attempt, by=request.user, responses=responses)
    except AttemptClosed as exc:
        if _wants_json(request):
            return JsonResponse(
                {"saved": False, "closed": True, "message": str(exc), "redirect": result_url},
                status=409,
            )
        messages.warning(request, str(exc))
        return redirect(result_url)
    except InvalidAnswer as exc:
        if _wants_json(request):
            return JsonResponse({"saved": False, "error": str(exc)}, status=400)
        errors = _save_each(attempt, request.user, responses)
        for error in errors:
            messages.error(request, error)
        return redirect("assessments:attempt", attempt_id=attempt.pk)
    if _wants_json(request):
        return JsonResponse({"saved": True, "saved_at": timezone.now().isoformat()})
    if action == "finish":
        # The countdown ran out in the browser: submit without asking.
        submit_attempt(attempt=attempt, by=request.user)
        return redirect(result_url)
    if action == "submit":
        return redirect("assessments:submit", attempt_id=attempt.pk)
    messages.success(request, _("Your answers are saved."))
    return redirect("assessments:attempt", attempt_id=attempt.pk)


def _save_each(attempt, user, responses):
    """The whole form had a bad answer: keep every good one, and say which were refused."""
    errors = []
    for order, response in responses.items():
        try:
            save_answers(attempt=attempt, by=user, responses={order: response})
        except InvalidAnswer as exc:
            errors.append(str(exc))
        except AttemptClosed:
            break
    return errors


@login_required
@require_http_methods(["GET", "POST"])
def submit(request, attempt_id):
    """GET: the confirmation (how many are answered, time left); POST: submit."""
    attempt = _own_attempt_or_404(request.user, attempt_id)
    if not attempt.is_open:
        return redirect("assessments:result", attempt_id=attempt.pk)
    if request.method == "POST":
        submit_attempt(attempt=attempt, by=request.user)
        return redirect("assessments:result", attempt_id=attempt.pk)
    if attempt.time_is_up():
        return _time_up(request, attempt)
    sheet = build_sheet(attempt)
    unanswered = [item.number for item in sheet if not item.answered]
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "course": attempt.quiz.course,
        "total": len(sheet),
        "answered": len(sheet) - len(unanswered),
        "unanswered": unanswered,
        "seconds_left": attempt.seconds_left(),
    }
    return render(request, "assessments/attempt_submit.html", context)


@login_required
def result(request, attempt_id):
    attempt = get_visible_or_404(
        Attempt.objects.select_related("quiz__course", "learner"), request.user, pk=attempt_id
    )
    own = attempt.learner_id == request.user.pk
    if own and attempt.is_open:
        if not attempt.time_is_up():
            return redirect("assessments:attempt", attempt_id=attempt.pk)
        attempt = submit_attempt(attempt=attempt, by=request.user)
    attempts = list(Attempt.objects.filter(quiz=attempt.quiz, learner=attempt.learner))
    standing = result_from_attempts(attempt.quiz, attempts)
    rights = review_rights(attempt, viewer=request.user, result=standing)
    review = None if attempt.status == AttemptStatus.IN_PROGRESS else rights
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "course": attempt.quiz.course,
        "own": own,
        "standing": standing,
        "rights": rights,
        "sheet": build_sheet(attempt, rights=review),
    }
    return render(request, "assessments/attempt_result.html", context)
