from wagtail import hooks

from lms.assessments.viewsets import AssessmentsViewSetGroup, question_chooser_viewset


@hooks.register("register_admin_viewset")
def register_assessment_viewsets():
    return AssessmentsViewSetGroup()


@hooks.register("register_admin_viewset")
def register_question_chooser():
    return question_chooser_viewset
