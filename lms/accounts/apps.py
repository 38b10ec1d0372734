from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True
    name = "lms.accounts"
    label = "accounts"
    verbose_name = _("People and organisations")

    def ready(self):
        from lms.accounts import signals  # noqa: F401


class LecternUsersAppConfig(WagtailUsersAppConfig):
    """Replaces wagtail.users in INSTALLED_APPS so the user admin shows profile fields."""

    user_viewset = "lms.accounts.viewsets.UserViewSet"
