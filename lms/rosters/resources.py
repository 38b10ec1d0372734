"""
Spreadsheet output through django-import-export: the roster export resource,
the import template, and the CSV/XLSX formats. Every text cell is neutralised
against formula injection before it reaches a format.
"""

import tablib
from import_export import resources
from import_export.fields import Field
from import_export.formats.base_formats import CSV, XLSX
from import_export.widgets import DateTimeWidget, DateWidget
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from lms.cohorts.models import Enrollment
from lms.core.exports import neutralise_formula
from lms.rosters.columns import TEMPLATE_COLUMNS

FORMATS = {"csv": CSV, "xlsx": XLSX}


class RosterResource(resources.ModelResource):
    """
    A cohort's enrolments as rows: Lectern's template columns first, then the
    enrolment's own. Exports only; imports go through lms.rosters.services.
    """

    email = Field(attribute="learner__email", column_name="email")
    first_name = Field(attribute="learner__first_name", column_name="first_name")
    last_name = Field(attribute="learner__last_name", column_name="last_name")
    organisation = Field(column_name="organisation")
    department = Field(attribute="learner__department", column_name="department")
    job_title = Field(attribute="learner__job_title", column_name="job_title")
    employee_id = Field(attribute="learner__employee_id", column_name="employee_id")
    due_date = Field(attribute="due_date", column_name="due_date", widget=DateWidget("%Y-%m-%d"))
    status = Field(attribute="status", column_name="status")
    source = Field(attribute="source", column_name="source")
    enrolled_at = Field(
        attribute="enrolled_at",
        column_name="enrolled_at",
        widget=DateTimeWidget("%Y-%m-%d %H:%M"),
    )
    cohort = Field(attribute="cohort__code", column_name="cohort")

    class Meta:
        model = Enrollment
        fields = (*TEMPLATE_COLUMNS, "status", "source", "enrolled_at", "cohort")
        export_order = fields

    def dehydrate_organisation(self, enrollment):
        organisation = enrollment.learner.organisation
        return organisation.slug if organisation else ""

    def export_field(self, field, instance, **kwargs):
        return safe_cell(super().export_field(field, instance, **kwargs))


def safe_cell(value):
    """A cell a spreadsheet shows as text: formulas neutralised, XML-illegal characters gone."""
    value = neutralise_formula(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def render(dataset, fmt):
    """(content, content type) of a dataset as "csv" or "xlsx"."""
    export_format = FORMATS[fmt]()
    content = export_format.export_data(dataset)
    if fmt == "csv":
        # A byte-order mark so Excel opens the file as UTF-8 (accents intact);
        # Lectern's own import accepts it.
        content = ("\ufeff" + content).encode("utf-8")
    return content, export_format.get_content_type()


def template_dataset():
    return tablib.Dataset(headers=list(TEMPLATE_COLUMNS), title="roster")
