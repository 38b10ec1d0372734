"""Operations on people: roles and invitations."""

from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from lms.accounts.exceptions import ManagerNeedsOrganisation, UnknownRole
from lms.accounts.models import User, normalise_email
from lms.accounts.roles import Role
from lms.audit.services import record
from lms.core import jobs


def _check(by, perm):
    if by is not None and not by.has_perm(perm):
        raise PermissionDenied(_("You do not have permission to do that."))


def _role(role):
    try:
        return Role(role)
    except ValueError as exc:
        raise UnknownRole(_("There is no role called “%(role)s”.") % {"role": role}) from exc


def assign_role(*, user, role, by=None):
    """Give user a role. Audited through the group-membership signal."""
    _check(by, "accounts.assign_role")
    role = _role(role)
    if role == Role.MANAGER and not user.organisation_id:
        raise ManagerNeedsOrganisation(
            _("%(user)s needs an organisation before becoming a corporate manager.")
            % {"user": user}
        )
    with transaction.atomic():
        user.groups.add(Group.objects.get(name=role))
    user.forget_roles()


def remove_role(*, user, role, by=None):
    _check(by, "accounts.assign_role")
    role = _role(role)
    with transaction.atomic():
        user.groups.remove(Group.objects.get(name=role))
    user.forget_roles()


def activation_path(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:activate", kwargs={"uidb64": uid, "token": token})


def invite_user(*, email, first_name="", last_name="", roles=(), organisation=None, by=None):
    """
    Create an inactive account without a password and e-mail an activation
    link; the person chooses their password when they follow it. Inviting an
    address that already has an account only re-sends the link if it was
    never activated.
    """
    _check(by, "accounts.invite_user")
    email = normalise_email(email)
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if created:
            user = User(
                email=email,
                first_name=first_name,
                last_name=last_name,
                organisation=organisation,
                is_active=False,
            )
            user.set_unusable_password()
            user.full_clean(exclude=["password"])
        user.invited_at = timezone.now()
        user.save()
        for role in roles:
            user.groups.add(Group.objects.get(name=_role(role)))
        record(
            action="user.invited",
            actor=by,
            target=user,
            after={"email": email, "roles": [str(r) for r in roles]},
        )
        if created or not user.is_active:
            jobs.enqueue("lms.accounts.jobs.send_invitation", user_id=user.pk)
    return user, created
