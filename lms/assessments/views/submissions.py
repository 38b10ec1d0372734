"""
The learner's side of assignments: the assignment page with its rules, the
form to hand in and the learner's history, and downloads of submitted files.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.assessments.exceptions import AlreadySubmitted, FilesRefused, SubmissionRefused
from lms.assessments.filechecks import SAFE_CONTENT_TYPES, describe_allowed
from lms.assessments.models import (
    Assignment,
    LatePolicy,
    Submission,
    SubmissionFile,
    SubmissionStatus,
)
from lms.assessments.services.submissions import (
    submissions_left,
    submit_assignment,
)
from lms.core.scoping import get_visible_or_404
from lms.progress.access import reading_enrollment


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; empty files are let through for the content checks."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class SubmissionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your answer"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    files = MultipleFileField(label=gettext_lazy("Files"), required=False)
    # The number this submission will get: posting the same form twice finds it taken.
    submission_number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        if not assignment.accept_text:
            del self.fields["text"]
        if assignment.accept_files:
            field = self.fields["files"]
            field.widget.attrs["accept"] = ",".join(f".{e}" for e in assignment.file_extensions)
            if assignment.max_files == 1:
                field.widget = forms.FileInput(attrs=field.widget.attrs)
                field.label = _("File")
            field.help_text = _("%(types)s, up to %(size)d MB each.") % {
                "types": describe_allowed(assignment.file_extensions),
                "size": assignment.max_file_size_mb,
            }
        else:
            del self.fields["files"]

    def clean_files(self):
        files = self.cleaned_data["files"]
        return files if isinstance(files, list) else [files] if files else []


@login_required
def assignment_detail(request, pk):
    """An assignment's instructions and rules, the form to hand in, and the learner's history."""
    assignment = get_visible_or_404(
        Assignment.objects.select_related("course", "rubric"), request.user, pk=pk
    )
    enrollment = reading_enrollment(request.user, assignment.course)
    submissions = list(
        Submission.objects.for_learner(request.user)
        .filter(assignment=assignment)
        .prefetch_related("files", "rubric_scores")
        .order_by("-number")
    )
    _add_rubric_maxima(assignment, submissions)
    left = submissions_left(assignment=assignment, submissions=submissions)
    closed_reason = _closed_reason(assignment, enrollment, submissions, left)

    form = None
    if request.method == "POST" and enrollment is not None:
        # Posted even when the page now shows the form closed: the service
        # decides, and recognises a second copy of a form already handed in.
        form = SubmissionForm(request.POST, request.FILES, assignment=assignment)
        if form.is_valid():
            response = _submit(request, assignment, form)
            if response is not None:
                return response
        if closed_reason is not None:
            for error in form.non_field_errors() or [closed_reason]:
                messages.error(request, error)
            return redirect("assessments:assignment", pk=assignment.pk)
    elif request.method == "POST":
        messages.error(request, closed_reason)
        return redirect("assessments:assignment", pk=assignment.pk)
    elif closed_reason is None:
        next_number = submissions[0].number + 1 if submissions else 1
        form = SubmissionForm(assignment=assignment, initial={"submission_number": next_number})

    context = {
        "assignment": assignment,
        "course": assignment.course,
        "enrollment": enrollment,
        "submissions": submissions,
        "submissions_left": left,
        "form": form,
        "closed_reason": closed_reason,
        "is_staff_view": enrollment is None,
    }
    return TemplateResponse(request, "assessments/assignment.html", context)


def _closed_reason(assignment, enrollment, submissions, left):
    """Why the learner cannot hand in now, or None. The service enforces the same rules."""
    if enrollment is None:
        return _("Only learners enrolled in this course hand in work here.")
    if left == 0:
        if submissions and submissions[0].status == SubmissionStatus.GRADED:
            return _("Your work has been graded; this assignment takes no more submissions.")
        return _("You have used every submission this assignment allows.")
    if assignment.late_policy == LatePolicy.REFUSE and assignment.is_late():
        return _("The due date has passed and this assignment does not accept late work.")
    return None


def _submit(request, assignment, form):
    """Hand in the form's work; a redirect on success, None to show the form with errors."""
    try:
        submission = submit_assignment(
            assignment=assignment,
            learner=request.user,
            text=form.cleaned_data.get("text", ""),
            files=form.cleaned_data.get("files", []),
            expected_number=form.cleaned_data["submission_number"],
        )
    except AlreadySubmitted as exc:
        messages.info(request, str(exc))
        return redirect(_history_url(assignment))
    except FilesRefused as exc:
        target = "files" if "files" in form.fields else None
        for problem in exc.problems:
            form.add_error(target, problem)
        return None
    except SubmissionRefused as exc:
        form.add_error(None, str(exc))
        return None
    if submission.is_late:
        text = _("Submission %(number)s received, marked late. Your instructor will grade it.")
    else:
        text = _("Submission %(number)s received. Your instructor will grade it.")
    messages.success(request, text % {"number": submission.number})
    return redirect(_history_url(assignment))


def _history_url(assignment):
    return reverse("assessments:assignment", args=[assignment.pk]) + "#your-submissions"


def _add_rubric_maxima(assignment, submissions):
    """Give each rubric line its criterion's top points (as `top`) for the graded breakdown."""
    if not assignment.rubric_id:
        return
    maxima = {
        criterion.id: max((level["points"] for level in criterion.value["levels"]), default=0)
        for criterion in assignment.rubric.criteria
    }
    for submission in submissions:
        for line in submission.rubric_scores.all():
            line.top = maxima.get(line.criterion_id)


@login_required
def submission_file(request, submission_pk, file_pk):
    """
    A submitted file, only ever as a download: to the learner who handed it
    in, the instructors of their cohort and operations staff; 404 otherwise.
    """
    submission = get_visible_or_404(Submission.objects, request.user, pk=submission_pk)
    item = get_object_or_404(SubmissionFile, submission=submission, pk=file_pk)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(_("The file is no longer available.")) from exc
    content_type = (
        item.content_type if item.content_type in SAFE_CONTENT_TYPES else "application/octet-stream"
    )
    response = FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser were to render it, the file runs nothing and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
