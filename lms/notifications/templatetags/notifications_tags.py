from django import template

from lms.notifications.models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    """The signed-in user's unread count: one COUNT, kept on the request for reuse."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    cached = getattr(request, "_unread_notifications", None)
    if cached is not None:
        return cached
    count = Notification.objects.for_recipient(user).unread().count()
    if request is not None:
        request._unread_notifications = count
    return count
