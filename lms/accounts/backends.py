from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, StringAgg, Subquery, Value

from lms.accounts import throttle
from lms.core.http import client_ip

# Between role names in the one-query user lookup (names never contain it).
ROLE_SEPARATOR = "\n"


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

    def get_user(self, user_id):
        """
        The session's user, with their role names read in the same query:
        nearly every page asks for them (header, scoping), so this saves a
        query per request. Role changes show on the next request.
        """
        model = get_user_model()
        memberships = model.groups.through.objects.filter(user_id=OuterRef("pk"))
        names = (
            memberships.values("user_id")
            .annotate(names=StringAgg("group__name", delimiter=Value(ROLE_SEPARATOR)))
            .values("names")
        )
        try:
            user = model._default_manager.annotate(_role_list=Subquery(names)).get(pk=user_id)
        except model.DoesNotExist:
            return None
        user._role_names = frozenset(filter(None, (user._role_list or "").split(ROLE_SEPARATOR)))
        del user._role_list
        return user if self.user_can_authenticate(user) else None
