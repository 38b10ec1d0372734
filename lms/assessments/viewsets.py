"""
Admin for assessments: authors' banks, questions, quizzes, assignments and
rubrics, grouped under one menu.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.assessments.gift_views import QuestionBankIndexView
from lms.assessments.models import Assignment, QuestionBank, Quiz, Rubric


class QuestionBankViewSet(ModelViewSet):
    model = QuestionBank
    index_view_class = QuestionBankIndexView
    icon = "folder-open-inverse"
    menu_label = _("Question banks")
    form_fields = ["name", "course", "description"]
    list_display = ["name", "course"]
    search_fields = ["name"]


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = _("Quizzes")
    list_display = ["title", "course"]
    list_filter = ["course"]
    search_fields = ["title"]


class AssignmentViewSet(SnippetViewSet):
    model = Assignment
    icon = "doc-full"
    menu_label = _("Assignments")
    list_display = ["title", "course", "due_at"]
    list_filter = ["course"]
    search_fields = ["title"]


class RubricViewSet(SnippetViewSet):
    model = Rubric
    icon = "table"
    menu_label = _("Rubrics")
    list_display = ["name"]
    search_fields = ["name"]


class AssessmentsViewSetGroup(ViewSetGroup):
    menu_label = _("Assessments")
    menu_icon = "tasks"
    menu_order = 220
    items = (QuestionBankViewSet, QuizViewSet, AssignmentViewSet, RubricViewSet)
