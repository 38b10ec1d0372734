"""Audit trail for the people model: logins, failed logins and role changes."""

from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from lms.accounts import throttle
from lms.accounts.models import User
from lms.audit.middleware import current_actor
from lms.audit.services import record
from lms.core.http import client_ip


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    throttle.reset_account(user.email)
    record(action="auth.login", actor=user, target=user, ip=client_ip(request) if request else None)


@receiver(user_login_failed)
def audit_failed_login(sender, credentials, request=None, **kwargs):
    email = credentials.get("username") or credentials.get("email") or ""
    ip = client_ip(request) if request is not None else None
    throttle.record_failure(email, ip)
    record(
        action="auth.login_failed",
        actor=None,
        message=f"Failed login for {email[:200]}",
        after={"email": email[:254]},
        ip=ip,
    )


@receiver(m2m_changed, sender=User.groups.through)
def audit_role_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Every role given or taken away, whichever screen or script did it."""
    if action == "pre_clear":
        # Remember what is about to go: post_clear does not say.
        related = instance.user_set if reverse else instance.groups
        instance._lectern_before_clear = set(related.values_list("pk", flat=True))
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_lectern_before_clear", set())
    if not pk_set:
        return
    if reverse:
        pairs = [(user, instance.name) for user in User.objects.filter(pk__in=pk_set)]
    else:
        names = Group.objects.filter(pk__in=pk_set).values_list("name", flat=True)
        pairs = [(instance, name) for name in sorted(names)]
    added = action == "post_add"
    for user, role in pairs:
        user.forget_roles()
        record(
            action="role.added" if added else "role.removed",
            actor=current_actor(),
            target=user,
            before=None if added else {"role": role},
            after={"role": role} if added else None,
            message=f"{'Gave' if added else 'Took away'} role {role}",
        )
