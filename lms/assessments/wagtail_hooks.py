from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton

from lms.assessments import gift_views
from lms.assessments.models import Quiz
from lms.assessments.models.attempts import GRADE_PERMISSION
from lms.assessments.views.authoring import refuse_protected_bulk_delete
from lms.assessments.viewsets import AssessmentsViewSetGroup, question_chooser_viewset


@hooks.register("register_admin_viewset")
def register_assessment_viewsets():
    return AssessmentsViewSetGroup()


@hooks.register("register_admin_urls")
def register_grading_urls():
    return [path("grading/", include("lms.assessments.admin_urls", namespace="grading"))]


class _GradingMenuItem(MenuItem):
    """Grading, with the number of items waiting for this grader (one COUNT)."""

    def is_shown(self, request):
        return request.user.has_perm(GRADE_PERMISSION)

    def render_component(self, request):
        from lms.assessments.grading_queue import pending_count

        component = super().render_component(request)
        waiting = pending_count(request.user)
        if waiting:
            component.label = f"{self.label} ({waiting})"
        return component


@hooks.register("register_admin_menu_item")
def grading_menu_item():
    return _GradingMenuItem(_("Grading"), reverse("grading:queue"), icon_name="check", order=225)


@hooks.register("register_snippet_listing_buttons")
def quiz_statistics_button(snippet, user, next_url=None):
    if isinstance(snippet, Quiz) and user.has_perm("assessments.view_attempt"):
        yield ListingButton(
            _("Statistics"),
            reverse("grading:quiz_stats", args=[snippet.pk]),
            icon_name="table",
            priority=70,
        )


@hooks.register("register_admin_viewset")
def register_question_chooser():
    return question_chooser_viewset


hooks.register("before_bulk_action", refuse_protected_bulk_delete)
hooks.register("register_admin_urls", gift_views.admin_urls)
