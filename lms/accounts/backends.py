from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from lms.accounts import throttle
from lms.core.http import client_ip


class ThrottledModelBackend(ModelBackend):
    """
    E-mail and password, refused outright while the account or the client
    address is cooling down. Every entry point (the site's login, the Wagtail
    admin's login, password change) goes through here.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = username or kwargs.get("email")
        ip = client_ip(request) if request is not None else None
        if throttle.seconds_locked(email, ip):
            # PermissionDenied stops authenticate() trying other backends and
            # still fires user_login_failed, which is audited.
            raise PermissionDenied("login throttled")
        return super().authenticate(request, username=email, password=password, **kwargs)
