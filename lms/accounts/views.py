from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from lms.accounts.forms import ActivationForm, LoginForm, ProfileForm
from lms.accounts.models import User
from lms.audit.services import record
from lms.core.scoping import get_visible_or_404


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def profile(request):
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=user)
        if form.is_valid():
            before = {name: form.initial.get(name) for name in form.changed_data}
            form.save()
            if form.changed_data:
                record(
                    action="user.profile_changed",
                    actor=user,
                    target=user,
                    before=before,
                    after={name: form.cleaned_data[name] for name in form.changed_data},
                )
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(instance=user)
    return render(request, "accounts/profile.html", {"form": form, "person": user})


@login_required
def person(request, pk):
    """A person's card. Only people inside the viewer's scope exist here."""
    person = get_visible_or_404(User.objects.select_related("organisation"), request.user, pk=pk)
    return render(request, "accounts/person.html", {"person": person})


@sensitive_post_parameters()
def activate(request, uidb64, token):
    """An invited person sets their password and their account becomes active."""
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or user.is_active or not default_token_generator.check_token(user, token):
        return render(request, "accounts/activation_invalid.html", status=400)
    if request.method == "POST":
        form = ActivationForm(user, request.POST)
        if form.is_valid():
            user = form.save(commit=False)
            user.is_active = True
            user.save()
            record(action="user.activated", actor=user, target=user)
            login(request, user, backend="lms.accounts.backends.ThrottledModelBackend")
            messages.success(request, _("Welcome to Lectern. Your account is ready."))
            return redirect("dashboard:home")
    else:
        form = ActivationForm(user)
    return render(request, "accounts/activate.html", {"form": form, "invitee": user})
