"""A person's portal inbox. Everyone sees and marks only their own messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.notifications.models import Notification
from lms.notifications.services import mark_all_read, mark_read

PAGE_SIZE = 20


def _own_or_404(request, notification_id):
    return get_object_or_404(Notification.objects.for_recipient(request.user), pk=notification_id)


@login_required
def inbox(request):
    mine = Notification.objects.for_recipient(request.user)
    unread_first = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    ordered = mine.order_by(unread_first.desc(), "-created_at", "-pk")
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "notifications/inbox.html",
        {"page_obj": page, "notifications": page.object_list, "unread": mine.unread().count()},
    )


@login_required
def open_notification(request, notification_id):
    """Mark the message read and follow its link (to the inbox when it has none)."""
    notification = _own_or_404(request, notification_id)
    mark_read(notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def read(request, notification_id):
    mark_read(notification=_own_or_404(request, notification_id))
    return redirect("notifications:inbox")


@login_required
@require_POST
def read_all(request):
    count = mark_all_read(recipient=request.user)
    if count:
        messages.success(
            request,
            _("%(count)d message(s) marked as read.") % {"count": count},
        )
    return redirect("notifications:inbox")
