"""Staff's side of support in the Wagtail admin: the queue, a ticket, the reports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import Organisation
from lms.support.exceptions import SupportError
from lms.support.forms import (
    AssignForm,
    ReportFilterForm,
    StaffReplyForm,
    TicketFilterForm,
    TicketUpdateForm,
)
from lms.support.models import Ticket, TicketStatus
from lms.support.reports import build_report
from lms.support.services import (
    add_comment,
    assign_many,
    possible_owners,
    update_ticket,
)
from lms.support.serving import attachment_response

VIEW_PERMISSION = "support.view_ticket"
CHANGE_PERMISSION = "support.change_ticket"
REPORTS_PERMISSION = "support.view_reports"


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _filtered(request, tickets):
    owners = possible_owners()
    form = TicketFilterForm(
        request.GET or None,
        owners=owners,
        organisations=Organisation.objects.filter(pk__in=tickets.order_by().values("organisation")),
    )
    if not form.is_valid():
        return form, tickets.unresolved()
    data = form.cleaned_data
    status = data.get("status")
    if status == "all":
        pass
    elif status:
        tickets = tickets.filter(status=status)
    else:
        tickets = tickets.unresolved()
    if data.get("category"):
        tickets = tickets.filter(category=data["category"])
    owner = data.get("owner")
    if owner == "me":
        tickets = tickets.filter(owner=request.user)
    elif owner == "none":
        tickets = tickets.filter(owner__isnull=True)
    elif owner and owner.isdigit():
        tickets = tickets.filter(owner_id=int(owner))
    if data.get("overdue"):
        tickets = tickets.overdue()
    if data.get("organisation"):
        tickets = tickets.filter(organisation=data["organisation"])
    query = (data.get("q") or "").strip()
    if query:
        scope = Q(subject__icontains=query) | Q(learner__email__icontains=query)
        reference = query.upper().removeprefix("T-")
        if reference.isdigit():
            scope |= Q(pk=int(reference))
        tickets = tickets.filter(scope)
    return form, tickets


def queue(request):
    _require(request, VIEW_PERMISSION)
    workable = Ticket.objects.workable_by(request.user)
    if request.method == "POST":
        _require(request, CHANGE_PERMISSION)
        assign_form = AssignForm(
            request.POST, tickets=workable, owners=possible_owners(also=request.user)
        )
        if assign_form.is_valid():
            try:
                changed = assign_many(
                    tickets=assign_form.cleaned_data["tickets"],
                    by=request.user,
                    owner=assign_form.cleaned_data["owner"],
                )
            except SupportError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("%(count)d ticket(s) assigned.") % {"count": changed})
        else:
            messages.error(request, _("Choose at least one ticket to assign."))
        return redirect(request.get_full_path())
    form, tickets = _filtered(request, workable)
    tickets = tickets.select_related("learner", "owner", "organisation").order_by(
        "due_at", "-created_at"
    )
    page = Paginator(tickets, 50).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = list(page.object_list)
    for ticket in rows:
        ticket.overdue_now = ticket.is_overdue(now)
    params = request.GET.copy()
    params.pop("page", None)
    return TemplateResponse(
        request,
        "support/admin/queue.html",
        {
            "page_title": _("Support tickets"),
            "filter_form": form,
            "page_obj": page,
            "tickets": rows,
            "owners": possible_owners(also=request.user),
            "can_change": request.user.has_perm(CHANGE_PERMISSION),
            "query_string": params.urlencode(),
        },
    )


def detail(request, pk):
    _require(request, VIEW_PERMISSION)
    ticket = get_object_or_404(
        Ticket.objects.workable_by(request.user).select_related(
            "learner", "owner", "course", "cohort", "enrollment", "organisation"
        ),
        pk=pk,
    )
    owners = possible_owners(ticket)
    reply_form = StaffReplyForm()
    update_form = TicketUpdateForm(ticket=ticket, owners=owners)
    if request.method == "POST":
        _require(request, CHANGE_PERMISSION)
        action = request.POST.get("action")
        if action == "reply":
            reply_form = StaffReplyForm(request.POST, request.FILES)
            if reply_form.is_valid():
                internal = reply_form.cleaned_data["kind"] == "internal"
                try:
                    add_comment(
                        ticket=ticket,
                        author=request.user,
                        body=reply_form.cleaned_data["body"],
                        is_internal=internal,
                        files=reply_form.cleaned_data["attachments"],
                    )
                except SupportError as exc:
                    messages.error(request, str(exc))
                else:
                    messages.success(
                        request,
                        _("Internal note added.") if internal else _("Reply sent to the learner."),
                    )
                    return redirect("support_tickets:detail", pk=ticket.pk)
        elif action == "update":
            update_form = TicketUpdateForm(request.POST, ticket=ticket, owners=owners)
            if update_form.is_valid():
                data = update_form.cleaned_data
                try:
                    update_ticket(
                        ticket=ticket,
                        by=request.user,
                        status=data["status"],
                        priority=data["priority"],
                        owner=data["owner"],
                        resolution_note=data["resolution_note"],
                    )
                except SupportError as exc:
                    messages.error(request, str(exc))
                else:
                    messages.success(
                        request, _("Ticket %(ref)s updated.") % {"ref": ticket.reference}
                    )
                    return redirect("support_tickets:detail", pk=ticket.pk)
        else:
            messages.error(request, _("Unknown action."))
    comments = ticket.comments.select_related("author").prefetch_related("attachments")
    return TemplateResponse(
        request,
        "support/admin/detail.html",
        {
            "page_title": f"{ticket.reference} {ticket.subject}",
            "ticket": ticket,
            "comments": comments,
            "opening_attachments": ticket.attachments.filter(comment__isnull=True),
            "participants": ticket.participants.all(),
            "reply_form": reply_form,
            "update_form": update_form,
            "can_change": request.user.has_perm(CHANGE_PERMISSION),
            "is_closed": ticket.status == TicketStatus.CLOSED,
            "is_overdue": ticket.is_overdue(),
            "queue_url": reverse("support_tickets:index"),
        },
    )


def attachment(request, pk, attachment_id):
    _require(request, VIEW_PERMISSION)
    ticket = get_object_or_404(Ticket.objects.workable_by(request.user), pk=pk)
    found = get_object_or_404(ticket.attachments.all(), pk=attachment_id)
    return attachment_response(found)


def reports(request):
    _require(request, REPORTS_PERMISSION)
    form = ReportFilterForm(request.GET or None)
    start = end = None
    if form.is_valid():
        start, end = form.cleaned_data.get("start"), form.cleaned_data.get("end")
    report = build_report(user=request.user, start=start, end=end)
    return TemplateResponse(
        request,
        "support/admin/reports.html",
        {
            "page_title": _("Support reports"),
            "form": form,
            "report": report,
            "start": start,
            "end": end,
        },
    )
