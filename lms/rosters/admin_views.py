"""Roster import and export in the Wagtail admin. Views stay thin: services do the work."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.cohorts.models import Cohort
from lms.rosters.exceptions import RosterError
from lms.rosters.forms import ApplyForm, RosterFilterForm, RosterUploadForm
from lms.rosters.models import ImportStatus, RosterImport, RowOutcome
from lms.rosters.resources import FORMATS, render, template_dataset
from lms.rosters.services import (
    ADD_PERMISSION,
    UNDO_PERMISSION,
    VIEW_PERMISSION,
    apply_progress,
    export_roster,
    request_apply,
    roster_enrolments,
    start_roster_import,
    undo_roster_import,
)

ROWS_PER_PAGE = 100
# Seconds between refreshes of a page whose import a job is working on.
REFRESH_SECONDS = 2


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _attachment(content, content_type, filename):
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def index(request):
    _require(request, VIEW_PERMISSION)
    imports = RosterImport.objects.select_related("cohort", "uploaded_by").order_by(
        "-created_at", "-pk"
    )
    page = Paginator(imports, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "rosters/admin/index.html",
        {
            "page_obj": page,
            "imports": page.object_list,
            "can_upload": request.user.has_perm(ADD_PERMISSION),
            "page_title": _("Roster imports"),
        },
    )


def upload(request):
    _require(request, ADD_PERMISSION)
    form = RosterUploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"cohort": request.GET.get("cohort")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            roster_import = start_roster_import(
                cohort=form.cleaned_data["cohort"],
                file=form.cleaned_data["file"],
                enrollments_file=form.cleaned_data.get("enrollments_file"),
                by=request.user,
            )
        except RosterError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("rosters:detail", pk=roster_import.pk)
    return TemplateResponse(
        request,
        "rosters/admin/upload.html",
        {"form": form, "page_title": _("Import a roster")},
    )


OUTCOME_FILTERS = {
    "rejected": [RowOutcome.REJECTED],
    "new_learner": [RowOutcome.NEW_LEARNER],
    "existing": [RowOutcome.NEW_ENROLMENT, RowOutcome.ALREADY_ENROLLED],
    "new_enrolment": [RowOutcome.NEW_LEARNER, RowOutcome.NEW_ENROLMENT],
    "already_enrolled": [RowOutcome.ALREADY_ENROLLED],
}


def detail(request, pk):
    """The preview before applying, the progress while a job works, the result afterwards."""
    _require(request, VIEW_PERMISSION)
    roster_import = get_object_or_404(
        RosterImport.objects.select_related(
            "cohort", "cohort__course", "uploaded_by", "applied_by", "undone_by"
        ),
        pk=pk,
    )
    shown = request.GET.get("outcome", "")
    rows = roster_import.rows.select_related("organisation").rejected_first()
    if shown in OUTCOME_FILTERS:
        rows = rows.filter(outcome__in=OUTCOME_FILTERS[shown])
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("p"))
    progress = roster_import.progress_percent
    if roster_import.status == ImportStatus.APPLYING:
        progress = apply_progress(roster_import)
    return TemplateResponse(
        request,
        "rosters/admin/detail.html",
        {
            "roster_import": roster_import,
            "page_obj": page,
            "rows": page.object_list,
            "shown": shown,
            "outcome_filters": [
                ("", _("All rows"), roster_import.rows_total),
                ("rejected", _("Rejected"), roster_import.rows_rejected),
                ("new_learner", _("New learners"), roster_import.rows_new_learner),
                ("existing", _("Existing learners"), roster_import.existing_learners),
                ("new_enrolment", _("New enrolments"), roster_import.new_enrolments),
                ("already_enrolled", _("Already enrolled"), roster_import.rows_already_enrolled),
            ],
            "progress": progress,
            "refresh_seconds": REFRESH_SECONDS if roster_import.is_running else None,
            "apply_form": ApplyForm(),
            "can_apply": roster_import.can_apply and request.user.has_perm(ADD_PERMISSION),
            "can_undo": roster_import.can_undo and request.user.has_perm(UNDO_PERMISSION),
            "page_title": _("Roster import: %(files)s") % {"files": roster_import.file_names},
        },
    )


@require_POST
def apply(request, pk):
    _require(request, ADD_PERMISSION)
    roster_import = get_object_or_404(RosterImport, pk=pk)
    form = ApplyForm(request.POST)
    form.is_valid()
    try:
        roster_import = request_apply(
            roster_import=roster_import,
            by=request.user,
            send_invitations=form.cleaned_data.get("send_invitations", False),
        )
    except RosterError as exc:
        messages.error(request, str(exc))
    else:
        if roster_import.status == ImportStatus.APPLIED:
            messages.success(
                request,
                _("Roster applied: %(enrolments)d enrolment(s) written, %(people)d new person(s).")
                % {
                    "enrolments": roster_import.new_enrolments,
                    "people": roster_import.rows_new_learner,
                },
            )
        else:
            messages.info(request, _("The roster is being applied in the background."))
    return redirect("rosters:detail", pk=roster_import.pk)


def undo(request, pk):
    _require(request, UNDO_PERMISSION)
    roster_import = get_object_or_404(RosterImport.objects.select_related("cohort"), pk=pk)
    if request.method == "POST":
        try:
            roster_import = undo_roster_import(roster_import=roster_import, by=request.user)
        except RosterError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Import undone: %(withdrawn)d enrolment(s) withdrawn, %(deactivated)d "
                    "person(s) deactivated, %(kept)d person(s) kept because they have been "
                    "active since."
                )
                % {
                    "withdrawn": roster_import.undo_withdrawn,
                    "deactivated": roster_import.undo_deactivated,
                    "kept": roster_import.undo_kept_people,
                },
            )
        return redirect("rosters:detail", pk=roster_import.pk)
    return TemplateResponse(
        request,
        "rosters/admin/undo.html",
        {
            "roster_import": roster_import,
            "can_undo": roster_import.can_undo,
            "page_title": _("Undo roster import"),
        },
    )


def template(request, fmt):
    """The empty Lectern template, to fill in and upload."""
    _require(request, ADD_PERMISSION)
    if fmt not in FORMATS:
        raise Http404
    content, content_type = render(template_dataset(), fmt)
    return _attachment(content, content_type, f"lectern-roster-template.{fmt}")


def cohort_roster(request, cohort_id):
    """A cohort's enrolments with filters; ?export=csv or xlsx downloads them."""
    _require(request, VIEW_PERMISSION)
    cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=cohort_id)
    form = RosterFilterForm(request.GET or None)
    filters = form.filters()
    export = request.GET.get("export")
    if export:
        try:
            content, content_type, filename = export_roster(
                cohort=cohort, by=request.user, fmt=export, filters=filters
            )
        except RosterError as exc:
            return HttpResponseBadRequest(str(exc))
        return _attachment(content, content_type, filename)
    enrolments = roster_enrolments(cohort=cohort, viewer=request.user, **filters)
    page = Paginator(enrolments, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "rosters/admin/cohort_roster.html",
        {
            "cohort": cohort,
            "form": form,
            "page_obj": page,
            "enrolments": page.object_list,
            "can_upload": request.user.has_perm(ADD_PERMISSION),
            "page_title": _("Roster of %(code)s") % {"code": cohort.code},
        },
    )
