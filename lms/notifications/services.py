"""Telling people what happened. Callers use notify(); channels hang off its rows."""

from django.utils import timezone

from lms.notifications.models import Notification


def notify(*, recipient, kind, subject, body="", url=""):
    """Put a message in recipient's portal inbox and return it."""
    return Notification.objects.create(
        recipient=recipient, kind=kind, subject=subject[:200], body=body, url=url
    )


def mark_read(*, notification, now=None):
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(*, recipient, now=None):
    """Mark every unread message of recipient read; returns how many changed."""
    return (
        Notification.objects.for_recipient(recipient).unread().update(read_at=now or timezone.now())
    )
