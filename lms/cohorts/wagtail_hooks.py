from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from lms.cohorts import admin_views
from lms.cohorts.bulk_actions import (
    ChangeDueDateBulkAction,
    MoveToCohortBulkAction,
    WithdrawBulkAction,
)
from lms.cohorts.viewsets import CohortsViewSetGroup, EnrollmentViewSet
from lms.courses.models import CoursePage

register_snippet(EnrollmentViewSet)

for _action in (WithdrawBulkAction, ChangeDueDateBulkAction, MoveToCohortBulkAction):
    hooks.register("register_bulk_action", _action)


@hooks.register("register_admin_viewset")
def register_cohort_viewsets():
    return CohortsViewSetGroup()


@hooks.register("register_admin_urls")
def register_version_urls():
    return [
        path(
            "courses/<int:course_id>/versions/",
            admin_views.course_versions,
            name="lectern_course_versions",
        ),
        path(
            "enrolment-requests/",
            admin_views.enrollment_requests,
            name="lectern_enrollment_requests",
        ),
    ]


class _RequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("cohorts.add_enrollment")


@hooks.register("register_admin_menu_item")
def enrollment_requests_menu_item():
    return _RequestsMenuItem(
        _("Enrolment requests"), reverse("lectern_enrollment_requests"), icon_name="mail", order=250
    )


@hooks.register("register_page_header_buttons")
def course_versions_button(page, user, view_name, next_url=None):
    if page.specific_class is CoursePage and user.has_perm(admin_views.VIEW_PERMISSION):
        yield Button(
            _("Versions and learners"),
            reverse("lectern_course_versions", args=[page.pk]),
            icon_name="history",
            priority=66,
        )
