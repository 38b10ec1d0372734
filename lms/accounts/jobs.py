from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from lms.accounts.models import User
from lms.accounts.services import activation_path


def send_invitation(user_id):
    """E-mail the activation link. Safe to run twice: the link stays valid until used."""
    user = User.objects.filter(pk=user_id, is_active=False).first()
    if user is None:
        return 0
    context = {
        "user": user,
        "activation_url": settings.WAGTAILADMIN_BASE_URL + activation_path(user),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    return send_mail(
        subject=render_to_string("accounts/email/invitation_subject.txt", context).strip(),
        message=render_to_string("accounts/email/invitation.txt", context),
        html_message=render_to_string("accounts/email/invitation.html", context),
        from_email=None,
        recipient_list=[user.email],
    )
