"""The learner portal's support pages: my tickets, a new ticket, one ticket."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lms.courses.models import CoursePage
from lms.support.exceptions import SupportError
from lms.support.forms import NewTicketForm, ReplyForm
from lms.support.models import Ticket, TicketStatus
from lms.support.services import add_comment, open_ticket
from lms.support.serving import attachment_response


def _portal_ticket(request, pk):
    return get_object_or_404(
        Ticket.objects.in_portal_of(request.user).select_related("course", "learner"), pk=pk
    )


@login_required
def ticket_list(request):
    tickets = (
        Ticket.objects.in_portal_of(request.user)
        .select_related("course")
        .order_by("-updated_at", "-pk")
    )
    page = Paginator(tickets, 20).get_page(request.GET.get("page"))
    return TemplateResponse(
        request, "support/ticket_list.html", {"page_obj": page, "tickets": page.object_list}
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_ticket(request):
    course = None
    if request.method == "POST":
        form = NewTicketForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                ticket = open_ticket(
                    learner=request.user,
                    category=data["category"],
                    subject=data["subject"],
                    description=data["description"],
                    files=data["attachments"],
                    course=data["course"],
                )
            except SupportError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Ticket %(ref)s is open. Support will answer here.")
                    % {"ref": ticket.reference},
                )
                return redirect("support:ticket", pk=ticket.pk)
        course = form.cleaned_data.get("course") if hasattr(form, "cleaned_data") else None
    else:
        course_id = request.GET.get("course", "")
        if course_id.isdigit():
            course = CoursePage.objects.live().filter(pk=course_id).first()
        form = NewTicketForm(initial={"course": course.pk if course else None})
    return TemplateResponse(request, "support/new_ticket.html", {"form": form, "course": course})


@login_required
@require_http_methods(["GET", "POST"])
def ticket_detail(request, pk):
    ticket = _portal_ticket(request, pk)
    form = ReplyForm()
    if request.method == "POST":
        form = ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                add_comment(
                    ticket=ticket,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    files=form.cleaned_data["attachments"],
                )
            except SupportError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Your reply was sent."))
            return redirect("support:ticket", pk=ticket.pk)
    # The public conversation only: internal notes never reach this page.
    comments = ticket.comments.public().select_related("author").prefetch_related("attachments")
    return TemplateResponse(
        request,
        "support/ticket_detail.html",
        {
            "ticket": ticket,
            "comments": comments,
            "opening_attachments": ticket.attachments.filter(comment__isnull=True),
            "form": form,
            "is_closed": ticket.status == TicketStatus.CLOSED,
        },
    )


@login_required
def attachment_download(request, pk, attachment_id):
    ticket = _portal_ticket(request, pk)
    attachment = get_object_or_404(ticket.attachments.public(), pk=attachment_id)
    return attachment_response(attachment)
