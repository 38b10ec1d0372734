"""Writing audit events. Every module that changes something auditable calls record()."""

import logging

from django.contrib.contenttypes.models import ContentType

from lms.audit.middleware import current_ip
from lms.audit.models import AuditEvent

logger = logging.getLogger(__name__)


def record(*, action, actor=None, target=None, before=None, after=None, message="", ip=None):
    """
    Append one audit event. actor may be None (the system) or a user; target
    any model instance. The client address is taken from the current request
    when not given.
    """
    actor_obj = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        action=action,
        actor=actor_obj,
        actor_repr=_describe_actor(actor),
        before=before,
        after=after,
        message=message,
        ip_address=ip if ip is not None else current_ip(),
    )
    if target is not None:
        event.target_type = ContentType.objects.get_for_model(target)
        event.target_id = str(target.pk)
        event.target_repr = str(target)[:255]
    event.save()
    logger.debug("audit %s by %s on %s", action, event.actor_repr, event.target_repr)
    return event


def _describe_actor(actor):
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "system" if actor is None else "anonymous"
    return getattr(actor, "email", None) or str(actor)
