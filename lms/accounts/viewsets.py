from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from lms.accounts.models import Organisation, normalise_email
from lms.audit.views import AuditedExportIndexView

PROFILE_FIELDS = ["organisation", "department", "job_title", "employee_id"]


class _ProfileFieldsMixin(forms.ModelForm):
    def clean_email(self):
        return normalise_email(self.cleaned_data.get("email"))


class LecternUserCreationForm(_ProfileFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(PROFILE_FIELDS)


class LecternUserEditForm(_ProfileFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(PROFILE_FIELDS)


class UserViewSet(WagtailUserViewSet):
    """Wagtail's user admin with Lectern's profile fields (organisation, department…)."""

    def get_form_class(self, for_update=False):
        return LecternUserEditForm if for_update else LecternUserCreationForm


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    index_view_class = AuditedExportIndexView
    icon = "group"
    menu_label = _("Organisations")
    menu_order = 200
    add_to_admin_menu = True
    form_fields = ["name", "slug", "contact_name", "contact_email", "contact_phone", "is_active"]
    list_display = ["name", "contact_name", "contact_email", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "contact_name", "contact_email"]
    list_export = ["name", "slug", "contact_name", "contact_email", "contact_phone", "is_active"]
    inspect_view_enabled = True
