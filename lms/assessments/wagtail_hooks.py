from wagtail import hooks

from lms.assessments.viewsets import AssessmentsViewSetGroup


@hooks.register("register_admin_viewset")
def register_assessment_viewsets():
    return AssessmentsViewSetGroup()
