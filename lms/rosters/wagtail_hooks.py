from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem

from lms.cohorts.models import CohortStatus
from lms.cohorts.viewsets import COHORT_BUTTONS_HOOK
from lms.rosters import admin_views
from lms.rosters.services import ADD_PERMISSION, VIEW_PERMISSION

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


@hooks.register(COHORT_BUTTONS_HOOK)
def cohort_roster_buttons(cohort, user):
    """From a cohort in the Cohorts listing to its roster (with the export) and an import."""
    if user.has_perm(VIEW_PERMISSION):
        yield ListingMenuItem(
            _("Roster and export"),
            url=reverse("rosters:cohort_roster", args=[cohort.pk]),
            icon_name="list-ul",
            priority=30,
        )
    if user.has_perm(ADD_PERMISSION) and cohort.status != CohortStatus.CLOSED:
        yield ListingMenuItem(
            _("Import a roster"),
            url=f"{reverse('rosters:upload')}?cohort={cohort.pk}",
            icon_name="upload",
            priority=31,
        )
