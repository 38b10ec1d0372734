"""
Grading in the Wagtail admin: the queue, the grading screen for an answer or
a submission, and per-quiz statistics. The rules live in
lms.assessments.services.grading, the queue in lms.assessments.grading_queue
and the statistics in lms.assessments.stats; these views only wire them up.
"""

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from lms.assessments import grading_queue, stats
from lms.assessments.exceptions import InvalidGrade, StaleGrade
from lms.assessments.models import (
    Assignment,
    AttemptQuestion,
    GradeChange,
    Quiz,
    Submission,
    SubmissionStatus,
)
from lms.assessments.models.attempts import GRADE_PERMISSION
from lms.assessments.services.grading import grade_answer, grade_submission
from lms.cohorts.models import Cohort
from lms.courses.models import CoursePage

STATS_PERMISSION = "assessments.view_attempt"
PAGE_SIZE = 50


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _taught_cohorts(user):
    """Cohorts whose work user sees: all for operations staff, else the ones they teach."""
    if user.is_operations_staff:
        return Cohort.objects.all()
    return Cohort.objects.filter(instructors=user)


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# The queue -------------------------------------------------------------------


def queue(request):
    _require(request, GRADE_PERMISSION)
    params = request.GET
    item = params.get("item", "")
    kind, _sep, item_id = item.partition(":")
    filters = grading_queue.QueueFilters(
        course=_int_or_none(params.get("course")),
        cohort=_int_or_none(params.get("cohort")),
        quiz=_int_or_none(item_id) if kind == "quiz" else None,
        assignment=_int_or_none(item_id) if kind == "assignment" else None,
        overdue=params.get("overdue") == "1",
        state=grading_queue.GRADED if params.get("state") == "graded" else grading_queue.PENDING,
    )
    paginator = Paginator(grading_queue.queue_keys(request.user, filters), PAGE_SIZE)
    page = paginator.get_page(params.get("p"))
    items = grading_queue.load_items(page.object_list)

    cohorts = _taught_cohorts(request.user)
    course_ids = cohorts.values("course_id")
    return TemplateResponse(
        request,
        "assessments/grading/queue.html",
        {
            "page_title": _("Grading"),
            "page_obj": page,
            "items": items,
            "filters": filters,
            "item_filter": item,
            "elided_page_range": paginator.get_elided_page_range(page.number),
            "courses": CoursePage.objects.filter(pk__in=course_ids)
            .order_by("title")
            .only("pk", "title"),
            "cohorts": cohorts.order_by("code").only("pk", "code", "name"),
            "quizzes": Quiz.objects.filter(course_id__in=course_ids)
            .order_by("title")
            .only("pk", "title"),
            "assignments": Assignment.objects.filter(course_id__in=course_ids)
            .order_by("title")
            .only("pk", "title"),
            "turnaround_days": grading_queue.turnaround_days(),
        },
    )


# The grading screen ----------------------------------------------------------


class GradeForm(forms.Form):
    score = forms.CharField(label=gettext_lazy("Score"), required=False, max_length=20)
    feedback = forms.CharField(
        label=gettext_lazy("Feedback to the learner"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    internal_note = forms.CharField(
        label=gettext_lazy("Internal note"),
        required=False,
        help_text=gettext_lazy("Seen by graders and staff, never by the learner."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        required=False,
        max_length=1000,
        help_text=gettext_lazy("Needed when changing a grade that was already given."),
    )
    seen_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def _initial(item):
    return {
        "score": "" if item.score is None else item.score,
        "feedback": item.feedback,
        "internal_note": item.internal_note,
        "seen_revision": item.grade_revision,
    }


def _after_save(request, key, item_url):
    if "next" in request.POST:
        next_url = grading_queue.next_item_url(request.user, after=key)
        if next_url:
            return redirect(next_url)
        messages.success(request, _("Nothing else is waiting for you to grade."))
        return redirect("grading:queue")
    return redirect(item_url)


def _fresh_form(post, item):
    """The grader's input kept, but against the revision they now see."""
    data = post.copy()
    data["seen_revision"] = item.grade_revision
    return GradeForm(data)


def answer(request, row_id):
    _require(request, GRADE_PERMISSION)
    row = _gradable_or_404(AttemptQuestion.objects, request.user, row_id)
    form = GradeForm(request.POST or None, initial=_initial(row))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grade_answer(
                row=row,
                score=data["score"],
                feedback=data["feedback"],
                internal_note=data["internal_note"],
                reason=data["reason"],
                by=request.user,
                seen_revision=data["seen_revision"],
            )
        except InvalidGrade as exc:
            form.add_error(exc.field, str(exc))
        except StaleGrade as exc:
            messages.error(request, str(exc))
            row = _gradable_or_404(AttemptQuestion.objects, request.user, row_id)
            form = _fresh_form(request.POST, row)
        else:
            messages.success(
                request,
                _("Graded %(learner)s's answer to %(question)s.")
                % {"learner": row.attempt.learner, "question": row.question_version.question},
            )
            return _after_save(
                request, (grading_queue.ANSWER, row.pk), reverse("grading:answer", args=[row.pk])
            )
    return TemplateResponse(
        request,
        "assessments/grading/grade.html",
        {
            "page_title": _("Grade an answer"),
            "item": grading_queue.answer_item(row),
            "row": row,
            "version": row.question_version,
            "response_text": _response_text(row),
            "form": form,
            "max_score": row.points,
            "is_regrade": not row.needs_grading,
            "history": GradeChange.objects.filter(attempt_question=row).select_related(
                "changed_by"
            ),
        },
    )


def submission(request, submission_id):
    _require(request, GRADE_PERMISSION)
    sub = _gradable_or_404(Submission.objects, request.user, submission_id)
    rubric = sub.assignment.rubric
    form = GradeForm(request.POST or None, initial=_initial(sub))
    chosen = (
        {
            block.id: request.POST.get(f"criterion-{block.id}", "")
            for block in (rubric.criteria if rubric else [])
        }
        if request.method == "POST"
        else _saved_levels(rubric, sub)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grade_submission(
                submission=sub,
                score=None if rubric else data["score"],
                rubric_levels=chosen if rubric else None,
                feedback=data["feedback"],
                internal_note=data["internal_note"],
                reason=data["reason"],
                by=request.user,
                seen_revision=data["seen_revision"],
            )
        except InvalidGrade as exc:
            form.add_error(None if exc.field == "rubric" else exc.field, str(exc))
        except StaleGrade as exc:
            messages.error(request, str(exc))
            sub = _gradable_or_404(Submission.objects, request.user, submission_id)
            form = _fresh_form(request.POST, sub)
        else:
            messages.success(
                request,
                _("Graded %(learner)s's work for %(assignment)s.")
                % {"learner": sub.learner, "assignment": sub.assignment},
            )
            return _after_save(
                request,
                (grading_queue.SUBMISSION, sub.pk),
                reverse("grading:submission", args=[sub.pk]),
            )
    return TemplateResponse(
        request,
        "assessments/grading/grade.html",
        {
            "page_title": _("Grade a submission"),
            "item": grading_queue.submission_item(sub),
            "submission": sub,
            "response_text": sub.text,
            "files": [(f, _file_url(f)) for f in sub.files.all()],
            "rubric_grid": _rubric_grid(rubric, chosen) if rubric else None,
            "form": form,
            "max_score": rubric.max_points if rubric else sub.max_score,
            "is_regrade": sub.status == SubmissionStatus.GRADED,
            "history": GradeChange.objects.filter(submission=sub).select_related("changed_by"),
        },
    )


def _gradable_or_404(manager, user, pk):
    related = {
        AttemptQuestion: (
            "attempt__quiz__course",
            "attempt__learner",
            "attempt__enrollment__cohort",
            "question_version__question",
            "graded_by",
        ),
        Submission: (
            "assignment__course",
            "assignment__rubric",
            "learner",
            "enrollment__cohort",
            "graded_by",
        ),
    }[manager.model]
    try:
        return manager.gradable_by(user).select_related(*related).get(pk=pk)
    except manager.model.DoesNotExist:
        raise Http404(
            _("No %(name)s found.") % {"name": manager.model._meta.verbose_name}
        ) from None


def _response_text(row):
    """The learner's answer as plain text (escaped by the template)."""
    response = row.response
    if response is None:
        return ""
    if isinstance(response, str):
        return response
    if isinstance(response, dict) and isinstance(response.get("text"), str):
        return response["text"]
    return json.dumps(response, ensure_ascii=False)


def _file_url(submitted_file):
    try:
        return reverse("assessments:submission_file", kwargs={"file_id": submitted_file.pk})
    except NoReverseMatch:
        return ""


def _saved_levels(rubric, sub):
    """{criterion id: level index} of the last grade, for levels the rubric still has."""
    if rubric is None:
        return {}
    saved = {score.criterion_id: score.level for score in sub.rubric_scores.all()}
    chosen = {}
    for block in rubric.criteria:
        for index, level in enumerate(block.value["levels"]):
            if saved.get(block.id) == level["label"]:
                chosen[block.id] = index
    return chosen


def _rubric_grid(rubric, chosen):
    """Criteria by levels for the radio grid, with the chosen level ticked."""
    grid = []
    for block in rubric.criteria:
        picked = str(chosen.get(block.id, ""))
        levels = []
        for index, level in enumerate(block.value["levels"]):
            checked = picked == str(index)
            levels.append(
                {
                    "index": index,
                    "label": level["label"],
                    "points": level["points"],
                    "description": level["description"],
                    "checked": checked,
                }
            )
        grid.append(
            {
                "id": block.id,
                "title": block.value["title"],
                "description": block.value["description"],
                "levels": levels,
            }
        )
    return grid


# Statistics ------------------------------------------------------------------


def quiz_stats_index(request):
    _require(request, STATS_PERMISSION)
    return TemplateResponse(
        request,
        "assessments/grading/stats_index.html",
        {
            "page_title": _("Quiz statistics"),
            "quizzes": stats.quiz_overview(request.user),
        },
    )


def quiz_stats(request, quiz_id):
    _require(request, STATS_PERMISSION)
    quiz = stats.visible_quizzes(request.user).filter(pk=quiz_id).select_related("course").first()
    if quiz is None:
        raise Http404(_("No quiz found."))
    return TemplateResponse(
        request,
        "assessments/grading/quiz_stats.html",
        {
            "page_title": _("Statistics: %(quiz)s") % {"quiz": quiz.title},
            "quiz": quiz,
            "summary": stats.quiz_summary(quiz, request.user),
            "questions": stats.question_stats(quiz, request.user),
        },
    )
