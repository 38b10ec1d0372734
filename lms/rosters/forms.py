import os

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.accounts.models import Organisation
from lms.cohorts.models import Cohort, CohortStatus, EnrollmentSource, EnrollmentStatus

ALLOWED_EXTENSIONS = (".csv", ".txt", ".xlsx")
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def _max_upload_bytes():
    return getattr(settings, "LECTERN_ROSTER_MAX_UPLOAD_BYTES", MAX_UPLOAD_BYTES)


class CohortChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, cohort):
        return f"{cohort.code} — {cohort.name} ({cohort.course.title})"


class RosterUploadForm(forms.Form):
    cohort = CohortChoiceField(
        label=gettext_lazy("Cohort"),
        queryset=Cohort.objects.exclude(status=CohortStatus.CLOSED)
        .select_related("course")
        .order_by("code"),
        help_text=gettext_lazy("Everyone on the roster is enrolled in this cohort."),
    )
    file = forms.FileField(
        label=gettext_lazy("Roster"),
        help_text=gettext_lazy(
            "CSV in UTF-8, or Excel .xlsx (first sheet). Lectern's template, Moodle's “Upload "
            "users” CSV or Canvas SIS users.csv; the format is recognised from the header line."
        ),
    )
    enrollments_file = forms.FileField(
        label=gettext_lazy("Canvas enrollments.csv (optional)"),
        required=False,
        help_text=gettext_lazy(
            "Only with a Canvas users.csv: its student rows say who is enrolled."
        ),
    )

    def _clean_upload(self, name):
        upload = self.cleaned_data.get(name)
        if not upload:
            return upload
        extension = os.path.splitext(upload.name)[1].lower()
        if extension not in ALLOWED_EXTENSIONS:
            raise forms.ValidationError(
                _("Upload a .csv or .xlsx file; “%(name)s” is neither.") % {"name": upload.name}
            )
        if upload.size > _max_upload_bytes():
            raise forms.ValidationError(
                _("The file is %(size)s; rosters may be up to %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(_max_upload_bytes()),
                }
            )
        return upload

    def clean_file(self):
        return self._clean_upload("file")

    def clean_enrollments_file(self):
        return self._clean_upload("enrollments_file")


class ApplyForm(forms.Form):
    send_invitations = forms.BooleanField(
        label=gettext_lazy("Send invitations"),
        required=False,
        help_text=gettext_lazy(
            "E-mail each new person a link to choose their password. Without it, new people "
            "are created inactive and can be invited later."
        ),
    )


class RosterFilterForm(forms.Form):
    """Filters for a cohort's roster and its export (GET)."""

    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            ("active", gettext_lazy("Active (assigned or in progress)")),
            ("all", gettext_lazy("Any status")),
            *EnrollmentStatus.choices,
        ],
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        required=False,
        queryset=Organisation.objects.order_by("name"),
        empty_label=gettext_lazy("Any organisation"),
    )
    source = forms.ChoiceField(
        label=gettext_lazy("Source"),
        required=False,
        choices=[("", gettext_lazy("Any source")), *EnrollmentSource.choices],
    )
    q = forms.CharField(label=gettext_lazy("Name or e-mail contains"), required=False)

    def filters(self):
        """Keyword arguments for lms.rosters.services.roster_enrolments."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "status": data.get("status") or "active",
            "organisation": data.get("organisation"),
            "source": data.get("source") or "",
            "search": (data.get("q") or "").strip(),
        }
