from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.accounts.models import Organisation
from lms.accounts.roles import Role
from lms.accounts.services import invite_user


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.active(), required=False
    )
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Roles"),
        choices=Role.choices,
        initial=[Role.LEARNER],
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        data = super().clean()
        if Role.MANAGER in data.get("roles", []) and not data.get("organisation"):
            self.add_error("organisation", _("A corporate manager must belong to an organisation."))
        return data


def invite(request):
    if not request.user.has_perm("accounts.invite_user"):
        raise PermissionDenied
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, created = invite_user(by=request.user, **form.cleaned_data)
        if created:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
        elif user.is_active:
            messages.warning(
                request,
                _("%(email)s already has an active account; the roles were added.")
                % {"email": user.email},
            )
        else:
            messages.success(
                request, _("Invitation sent again to %(email)s.") % {"email": user.email}
            )
        return redirect("lectern_invite")
    return TemplateResponse(
        request, "accounts/admin/invite.html", {"form": form, "page_title": _("Invite people")}
    )
