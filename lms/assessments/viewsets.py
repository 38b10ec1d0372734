"""
Admin for assessments: authors' banks, questions, quizzes, assignments and
rubrics, grouped under one menu.
"""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Revision
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.assessments.forms import QuestionForm
from lms.assessments.gift_views import QuestionBankIndexView as GiftMenuIndexView
from lms.assessments.models import (
    Assignment,
    Attempt,
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionType,
    Quiz,
    QuizSlot,
    Rubric,
    Submission,
)
from lms.assessments.views.authoring import (
    AssignmentDeleteView,
    BankDeleteView,
    CategoryDeleteView,
    QuestionCreateView,
    QuestionDeleteView,
    QuestionEditView,
    QuizDeleteView,
    RubricDeleteView,
)


def count_of(model, field, **filters):
    """A correlated COUNT subquery: one query for the listing, whatever its length."""
    rows = (
        model.objects.filter(**{field: OuterRef("pk")}, **filters)
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


# Banks and categories -------------------------------------------------------------


class QuestionBankIndexView(GiftMenuIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("course")
            .annotate(
                question_count=count_of(Question, "bank", archived=False),
                category_count=count_of(QuestionCategory, "bank"),
            )
        )


class QuestionBankViewSet(ModelViewSet):
    model = QuestionBank
    icon = "folder-open-inverse"
    menu_label = _("Question banks")
    index_view_class = QuestionBankIndexView
    delete_view_class = BankDeleteView
    form_fields = ["name", "course", "description"]
    list_display = [
        "name",
        "course",
        Column("category_count", label=_("Categories")),
        Column("question_count", label=_("Questions")),
    ]
    search_fields = ["name"]
    search_backend_name = None


class QuestionCategoryIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("bank")
            .annotate(question_count=count_of(Question, "category", archived=False))
        )


class QuestionCategoryViewSet(ModelViewSet):
    model = QuestionCategory
    icon = "tag"
    menu_label = _("Question categories")
    index_view_class = QuestionCategoryIndexView
    delete_view_class = CategoryDeleteView
    form_fields = ["bank", "name"]
    list_display = ["name", "bank", Column("question_count", label=_("Questions"))]
    list_filter = ["bank"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["bank__name", "name"]


# Questions ----------------------------------------------------------------------


class QuestionFilterSet(WagtailFilterSet):
    bank = django_filters.ModelChoiceFilter(queryset=QuestionBank.objects.all(), label=_("Bank"))
    category = django_filters.ModelChoiceFilter(
        queryset=QuestionCategory.objects.select_related("bank"), label=_("Category")
    )
    type = django_filters.ChoiceFilter(
        field_name="current_version__type", choices=QuestionType.choices, label=_("Type")
    )
    archived = django_filters.BooleanFilter(label=_("Archived"))

    class Meta:
        model = Question
        fields = ["bank", "category", "type", "archived"]


class QuestionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .with_current()
            .annotate(quiz_count=Count("quiz_slots__quiz", distinct=True))
        )


def _type_label(question):
    version = question.current_version
    return version.get_type_display() if version else "—"


class QuestionViewSet(ModelViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    index_view_class = QuestionIndexView
    add_view_class = QuestionCreateView
    edit_view_class = QuestionEditView
    delete_view_class = QuestionDeleteView
    filterset_class = QuestionFilterSet
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = False
    list_display = [
        "name",
        "bank",
        Column(
            "category",
            label=_("Category"),
            accessor=lambda q: q.category.name if q.category else "—",
            sort_key="category__name",
        ),
        Column("type", label=_("Type"), accessor=_type_label),
        Column("points", label=_("Points"), accessor="current_version.points"),
        Column("version", label=_("Version"), accessor="current_version.number"),
        Column("quiz_count", label=_("Used in quizzes")),
        StatusTagColumn(
            "archived",
            label=_("Status"),
            accessor=lambda q: _("archived") if q.archived else _("active"),
            primary=lambda q: not q.archived,
        ),
    ]

    def get_form_class(self, for_update=False):
        return QuestionForm


# A chooser for quiz slots: active questions, searchable by name, filterable
# by bank and type, and (through the quiz's course field) limited to the
# course's own banks and the shared ones.


class QuestionChooserFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Search by name")}),
        required=False,
    )
    bank = forms.ModelChoiceField(
        queryset=QuestionBank.objects.all(), required=False, label=_("Bank")
    )
    type = forms.ChoiceField(
        choices=[("", _("Any type")), *QuestionType.choices], required=False, label=_("Type")
    )

    def filter(self, objects):
        data = self.cleaned_data
        if data.get("q"):
            self.is_searching = True
            self.search_query = data["q"]
            objects = objects.filter(name__icontains=data["q"])
        if data.get("bank"):
            objects = objects.filter(bank=data["bank"])
        if data.get("type"):
            objects = objects.filter(current_version__type=data["type"])
        return objects


class QuestionChooserMixin:
    filter_form_class = QuestionChooserFilterForm

    def get_object_list(self):
        questions = Question.objects.active().with_current().order_by("bank__name", "name")
        course = self.request.GET.get("course", "")
        if course.isdigit():
            questions = questions.filter(Q(bank__course_id=course) | Q(bank__course__isnull=True))
        return questions

    @property
    def columns(self):
        return [
            self.title_column,
            Column("bank", label=_("Bank")),
            Column("category", label=_("Category"), accessor=lambda q: q.category or "—"),
            Column("type", label=_("Type"), accessor=_type_label),
        ]


class QuestionChooseView(QuestionChooserMixin, ChooseView):
    pass


class QuestionChooseResultsView(QuestionChooserMixin, ChooseResultsView):
    pass


class QuestionChooserViewSet(ChooserViewSet):
    model = Question
    icon = "help"
    choose_one_text = _("Choose a question")
    choose_another_text = _("Choose another question")
    choose_view_class = QuestionChooseView
    choose_results_view_class = QuestionChooseResultsView
    preserve_url_parameters = ["multiple", "course"]
    per_page = 20


question_chooser_viewset = QuestionChooserViewSet("question_chooser")


# Quizzes, assignments, rubrics ------------------------------------------------------


def with_schedule_flag(queryset):
    """
    Annotate whether a scheduled revision is waiting, so the status column
    need not ask per row (DraftStateMixin.approved_schedule runs a query).
    """
    model = queryset.model
    scheduled = Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(model),
        object_id=Cast(OuterRef("pk"), CharField()),
        approved_go_live_at__isnull=False,
    )
    return queryset.annotate(has_schedule=Exists(scheduled))


def live_status(obj):
    """DraftStateMixin.status_string, from the annotated schedule flag."""
    if not obj.live:
        if obj.expired:
            return _("expired")
        return _("scheduled") if obj.has_schedule else _("draft")
    if obj.has_schedule:
        return _("live + scheduled")
    return _("live + draft") if obj.has_unpublished_changes else _("live")


def live_status_column():
    return StatusTagColumn(
        "status_string",
        label=_("Status"),
        accessor=live_status,
        sort_key="live",
        primary=lambda obj: obj.live,
    )


class QuizIndexView(SnippetIndexView):
    def get_base_queryset(self):
        slot_total = (
            QuizSlot.objects.filter(quiz=OuterRef("pk"))
            .order_by()
            .values("quiz")
            .annotate(
                n=Sum(
                    Case(
                        When(category__isnull=False, then=F("draw_count")),
                        default=Value(1),
                        output_field=IntegerField(),
                    )
                )
            )
            .values("n")
        )
        return with_schedule_flag(
            super()
            .get_base_queryset()
            .select_related("course")
            .annotate(
                question_total=Coalesce(Subquery(slot_total, output_field=IntegerField()), 0),
                attempt_count=count_of(Attempt, "quiz"),
            )
        )


def quiz_panels():
    """
    The model's panels, with a slot's question picked in a chooser that
    follows the quiz's course (its banks and the shared ones).
    """
    *settings_panels, slots = Quiz.panels
    assert isinstance(slots, InlinePanel) and slots.relation_name == "slots"
    chooser = question_chooser_viewset.widget_class(linked_fields={"course": "#id_course"})
    return [
        *settings_panels,
        InlinePanel(
            "slots",
            heading=slots.heading,
            label=slots.label,
            min_num=1,
            panels=[
                FieldRowPanel(
                    [
                        FieldPanel("question", widget=chooser),
                        FieldPanel("category"),
                        FieldPanel("draw_count"),
                    ]
                )
            ],
        ),
    ]


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = _("Quizzes")
    index_view_class = QuizIndexView
    delete_view_class = QuizDeleteView
    list_display = [
        "title",
        "course",
        Column(
            "is_final_assessment",
            label=_("Final assessment"),
            accessor=lambda q: _("Yes") if q.is_final_assessment else "",
        ),
        Column("question_total", label=_("Questions")),
        Column("attempt_count", label=_("Attempts")),
        live_status_column(),
    ]
    list_filter = ["course", "is_final_assessment", "live"]
    search_fields = ["title"]

    @property
    def panels(self):
        return quiz_panels()


class AssignmentIndexView(SnippetIndexView):
    def get_base_queryset(self):
        return with_schedule_flag(
            super()
            .get_base_queryset()
            .select_related("course", "rubric")
            .annotate(submission_count=count_of(Submission, "assignment"))
        )


class AssignmentViewSet(SnippetViewSet):
    model = Assignment
    icon = "doc-full"
    menu_label = _("Assignments")
    index_view_class = AssignmentIndexView
    delete_view_class = AssignmentDeleteView
    list_display = [
        "title",
        "course",
        "due_at",
        "rubric",
        Column("submission_count", label=_("Submissions")),
        live_status_column(),
    ]
    list_filter = ["course", "live"]
    search_fields = ["title"]


class RubricViewSet(SnippetViewSet):
    model = Rubric
    icon = "table"
    menu_label = _("Rubrics")
    delete_view_class = RubricDeleteView
    list_display = [
        "name",
        Column("criteria_count", label=_("Criteria"), accessor=lambda r: len(r.criteria)),
        Column("max_points", label=_("Max points")),
    ]
    search_fields = ["name"]


class AssessmentsViewSetGroup(ViewSetGroup):
    menu_label = _("Assessments")
    menu_icon = "tasks"
    menu_order = 220
    items = (
        QuestionBankViewSet,
        QuestionCategoryViewSet,
        QuestionViewSet,
        QuizViewSet,
        AssignmentViewSet,
        RubricViewSet,
    )
