from wagtail import hooks

from lms.assessments import gift_views
from lms.assessments.viewsets import AssessmentsViewSetGroup


@hooks.register("register_admin_viewset")
def register_assessment_viewsets():
    return AssessmentsViewSetGroup()


hooks.register("register_admin_urls", gift_views.admin_urls)
