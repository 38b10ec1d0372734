import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.views import generic

from lms.audit.models import AuditEvent
from lms.audit.services import record


class AuditEventFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label=_("When"), widget=DateRangePickerWidget
    )
    action = django_filters.CharFilter(label=_("Action"), lookup_expr="icontains")
    actor_repr = django_filters.CharFilter(label=_("Actor"), lookup_expr="icontains")
    target_repr = django_filters.CharFilter(label=_("Target"), lookup_expr="icontains")

    class Meta:
        model = AuditEvent
        fields = ["created_at", "action", "actor_repr", "target_repr"]


class AuditIndexView(generic.IndexView):
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.is_export:
            # Exports of the audit log are themselves audited.
            record(
                action="audit.exported",
                actor=request.user,
                message=f"Exported audit log as {self.export_format}",
                after={"filters": request.GET.dict()},
            )
        return response


class AuditEventViewSet(ModelViewSet):
    """The audit log: read-only, administrators only, filterable and exportable."""

    model = AuditEvent
    icon = "history"
    menu_label = _("Audit log")
    menu_order = 900
    add_to_settings_menu = True
    index_view_class = AuditIndexView
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
