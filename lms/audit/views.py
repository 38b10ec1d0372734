from wagtail.admin.views import generic

from lms.audit.services import record
from lms.core.exports import neutralise_formula


class AuditedExportMixin:
    """
    For Wagtail listings: CSV and XLSX exports are safe against formula
    injection and are audited (who exported what, with which filters).
    """

    def preprocess_field_value(self, field, value, export_format):
        return neutralise_formula(super().preprocess_field_value(field, value, export_format))

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.is_export:
            fmt = request.GET["export"]
            record(
                action="export.downloaded",
                actor=request.user,
                message=f"Exported {self.model._meta.verbose_name_plural} as {fmt}",
                after={"model": self.model._meta.label, "filters": request.GET.dict()},
            )
        return response


class AuditedExportIndexView(AuditedExportMixin, generic.IndexView):
    pass
