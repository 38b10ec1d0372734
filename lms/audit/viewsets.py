import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet

from lms.audit.models import AuditEvent
from lms.audit.views import AuditedExportIndexView


class AuditEventFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(label=_("When"), widget=DateRangePickerWidget)
    action = django_filters.CharFilter(label=_("Action"), lookup_expr="icontains")
    actor_repr = django_filters.CharFilter(label=_("Actor"), lookup_expr="icontains")
    target_repr = django_filters.CharFilter(label=_("Target"), lookup_expr="icontains")

    class Meta:
        model = AuditEvent
        fields = ["created_at", "action", "actor_repr", "target_repr"]


class AuditEventViewSet(ModelViewSet):
    """The audit log: read-only, administrators only, filterable and exportable."""

    model = AuditEvent
    # Events reference nothing an editor follows, and there are many of them:
    # indexing each one cost five queries on every audited action.
    add_to_reference_index = False
    icon = "history"
    menu_label = _("Audit log")
    menu_order = 900
    add_to_settings_menu = True
    index_view_class = AuditedExportIndexView
    list_display = ["created_at", "actor_repr", "action", "target_repr", "message", "ip_address"]
    list_export = [
        "created_at",
        "actor_repr",
        "action",
        "target_type",
        "target_id",
        "target_repr",
        "before",
        "after",
        "message",
        "ip_address",
    ]
    export_filename = "lectern-audit-log"
    filterset_class = AuditEventFilterSet
    search_fields = ["action", "actor_repr", "target_repr", "message"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 50
    # Never shown: the permission policy refuses add and edit to everyone.
    form_fields = ["message"]
