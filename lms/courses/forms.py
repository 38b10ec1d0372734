from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.pages import CopyForm

from lms.courses.models import CoursePage


class CourseCopyForm(CopyForm):
    """Copying a course as a template for a new run: the copy needs its own code."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_code"] = forms.CharField(
            label=_("New course code"),
            max_length=20,
            help_text=_("Course codes are unique, for example HS-101-2027."),
        )
        self.fields["copy_subpages"].initial = True

    def clean_new_code(self):
        code = self.cleaned_data["new_code"].strip().upper()
        if CoursePage.objects.filter(code__iexact=code).exists():
            raise forms.ValidationError(
                _("The code %(code)s is already used by another course.") % {"code": code}
            )
        return code
