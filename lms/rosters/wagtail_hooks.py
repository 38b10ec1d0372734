from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lms.rosters import admin_views
from lms.rosters.services import ADD_PERMISSION

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("upload/", admin_views.upload, name="upload"),
    path("template.<str:fmt>", admin_views.template, name="template"),
    path("<int:pk>/", admin_views.detail, name="detail"),
    path("<int:pk>/apply/", admin_views.apply, name="apply"),
    path("<int:pk>/undo/", admin_views.undo, name="undo"),
    path("cohorts/<int:cohort_id>/", admin_views.cohort_roster, name="cohort_roster"),
]


@hooks.register("register_admin_urls")
def register_roster_urls():
    return [path("rosters/", include((urlpatterns, "rosters"), namespace="rosters"))]


class _RosterMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(ADD_PERMISSION)


@hooks.register("register_admin_menu_item")
def roster_imports_menu_item():
    return _RosterMenuItem(
        _("Roster imports"), reverse("rosters:index"), icon_name="upload", order=260
    )
