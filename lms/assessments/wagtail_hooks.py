from wagtail import hooks

from lms.assessments.views.authoring import refuse_protected_bulk_delete
from lms.assessments.viewsets import AssessmentsViewSetGroup, question_chooser_viewset


@hooks.register("register_admin_viewset")
def register_assessment_viewsets():
    return AssessmentsViewSetGroup()


@hooks.register("register_admin_viewset")
def register_question_chooser():
    return question_chooser_viewset


hooks.register("before_bulk_action", refuse_protected_bulk_delete)
