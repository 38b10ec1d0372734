"""The admin's Support menu: the ticket queue, response targets and reports."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from lms.support import (
    admin_views,
    converters,  # noqa: F401 (registers <ticket:...>)
)
from lms.support.models import ResponseTarget


class _PermissionMenuItem(MenuItem):
    permission = ""

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class TicketsMenuItem(_PermissionMenuItem):
    permission = "support.view_ticket"


class ReportsMenuItem(_PermissionMenuItem):
    permission = "support.view_reports"


class TicketQueueViewSet(ViewSet):
    name = "support_tickets"
    icon = "help"
    menu_label = _("Tickets")

    @property
    def menu_item_class(self):
        return type(
            "TicketsMenuItem", (_PermissionMenuItem,), {"permission": "support.view_ticket"}
        )

    def get_urlpatterns(self):
        return [
            path("", admin_views.queue, name="index"),
            path("<ticket:pk>/", admin_views.detail, name="detail"),
            path(
                "<ticket:pk>/files/<int:attachment_id>/",
                admin_views.attachment,
                name="attachment",
            ),
        ]


class SupportReportsViewSet(ViewSet):
    name = "support_reports"
    icon = "table"
    menu_label = _("Reports")

    menu_item_class = ReportsMenuItem

    def get_urlpatterns(self):
        return [path("", admin_views.reports, name="index")]


class ResponseTargetViewSet(ModelViewSet):
    model = ResponseTarget
    name = "support_targets"
    icon = "time"
    menu_label = _("Response targets")
    form_fields = ["category", "response_hours", "queue"]
    list_display = ["category", "response_hours", "queue"]
    search_fields = None


class SupportViewSetGroup(ViewSetGroup):
    menu_label = _("Support")
    menu_icon = "help"
    menu_order = 240
    items = (TicketQueueViewSet, ResponseTargetViewSet, SupportReportsViewSet)
