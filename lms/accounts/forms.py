from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lms.accounts import throttle
from lms.accounts.models import User, normalise_email
from lms.core.http import client_ip


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _("That e-mail address and password do not match an active account."),
    }

    def clean(self):
        email = normalise_email(self.cleaned_data.get("username"))
        wait = throttle.seconds_locked(email, client_ip(self.request) if self.request else None)
        if wait:
            minutes = max(1, (wait + 59) // 60)
            raise forms.ValidationError(
                ngettext(
                    "Too many failed attempts. Try again in %(minutes)d minute, "
                    "or reset your password.",
                    "Too many failed attempts. Try again in %(minutes)d minutes, "
                    "or reset your password.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            )
        return super().clean()


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "job_title", "department"]


class ActivationForm(auth_forms.SetPasswordForm):
    """Chosen by an invited person when they first follow their link."""
