from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lms.accounts import admin_views
from lms.accounts.viewsets import OrganisationViewSet


@hooks.register("register_admin_viewset")
def register_organisation_viewset():
    return OrganisationViewSet("organisations")


@hooks.register("register_admin_urls")
def register_invite_url():
    return [path("people/invite/", admin_views.invite, name="lectern_invite")]


class _InviteMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("accounts.invite_user")


@hooks.register("register_settings_menu_item")
def register_invite_menu_item():
    return _InviteMenuItem(
        _("Invite people"), reverse("lectern_invite"), icon_name="mail", order=601
    )
