"""Wagtail admin for cohorts, the schedule, enrolments and assignment rules."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.accounts.models import Organisation, User
from lms.accounts.roles import Role
from lms.audit.views import AuditedExportIndexView, AuditedExportMixin
from lms.cohorts.exceptions import EnrollmentError
from lms.cohorts.models import (
    ACTIVE_STATUSES,
    AssignmentRule,
    Cohort,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    Session,
)
from lms.cohorts.services import apply_rule, change_due_date, change_status, enroll_learner
from lms.courses.models import CoursePage


def instructors():
    return User.objects.filter(groups__name=Role.INSTRUCTOR).distinct()


def teachers_or(people):
    """Instructors, and these people whatever their role, by name."""
    # A list, not a subquery: a cohort's instructors may be modelcluster's in-memory set.
    return (
        User.objects.filter(Q(groups__name=Role.INSTRUCTOR) | Q(pk__in=[p.pk for p in people]))
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def _with_instructor_choices(form_class, queryset):
    class SessionForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["instructor"].queryset = queryset

    return SessionForm


EN_DASH = "\u2013"

# Listing cells: one short column where two long ones would push the table past a
# tablet's width.


def cohort_dates(cohort):
    """“2 Nov - 15 Dec 2026” (with an en dash); the year once when both dates share it."""
    start, end = cohort.start_date, cohort.end_date
    if not start and not end:
        return _("No fixed dates")
    if not end:
        return _("From %(date)s") % {"date": date_format(start, "j M Y")}
    if not start:
        return _("Until %(date)s") % {"date": date_format(end, "j M Y")}
    first = date_format(start, "j M" if start.year == end.year else "j M Y")
    return f"{first} {EN_DASH} {date_format(end, 'j M Y')}"


def session_when(session):
    """“Wed 4 Nov 2026, 10:00-11:30” (with an en dash) in the current time zone."""
    starts = timezone.localtime(session.starts_at)
    ends = timezone.localtime(session.ends_at)
    if starts.date() == ends.date():
        return f"{date_format(starts, 'D j M Y, H:i')}{EN_DASH}{date_format(ends, 'H:i')}"
    return f"{date_format(starts, 'D j M Y, H:i')} {EN_DASH} {date_format(ends, 'D j M Y, H:i')}"


def session_where(session):
    """The session's place, else its cohort's; a meeting link reads as online."""
    if session.location or session.cohort.location:
        return session.location or session.cohort.location
    if session.meeting_url or session.cohort.meeting_url:
        return _("Online")
    return "—"


def enrolled_on(enrollment):
    return date_format(timezone.localtime(enrollment.enrolled_at), "j M Y")


# Cohorts --------------------------------------------------------------------


class CohortFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        queryset=CoursePage.objects.all(), label=gettext_lazy("Course")
    )
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), label=gettext_lazy("Client")
    )
    instructors = django_filters.ModelChoiceFilter(
        queryset=instructors(), label=gettext_lazy("Instructor"), method="filter_instructor"
    )

    class Meta:
        model = Cohort
        fields = ["course", "status", "delivery_format", "organisation", "instructors"]

    def filter_instructor(self, queryset, name, value):
        return queryset.filter(instructors=value) if value else queryset


# Apps above cohorts (rosters) add their own items to a cohort's "More" menu
# through this hook: fn(cohort, user) -> iterable of wagtail.admin.ui.menus.MenuItem.
COHORT_BUTTONS_HOOK = "lectern_cohort_listing_more_buttons"


class CohortIndexView(AuditedExportIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for fn in hooks.get_hooks(COHORT_BUTTONS_HOOK):
            buttons.extend(fn(instance, self.request.user))
        return buttons

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("course", "organisation")
            .annotate(
                active_enrolments=Count(
                    "enrollments", filter=Q(enrollments__status__in=ACTIVE_STATUSES)
                )
            )
        )


class CohortAdminForm(WagtailAdminModelForm):
    """
    Inline sessions are validated against the cohort as entered in the same
    form (their own clean() cannot see an unsaved cohort).

    Only instructors are offered as the cohort's and the sessions' instructors
    (plus whoever is already assigned, so an old assignment stays valid).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cohort = self.instance
        assigned = cohort.instructors.all() if cohort.pk else User.objects.none()
        self.fields["instructors"].queryset = teachers_or(assigned)
        sessions = self.formsets.get("sessions")
        if sessions is not None:
            taught = (
                User.objects.filter(taught_sessions__cohort=cohort)
                if cohort.pk
                else User.objects.none()
            )
            sessions.form = _with_instructor_choices(sessions.form, teachers_or(taught))

    def clean(self):
        cleaned = super().clean()
        sessions = self.formsets.get("sessions")
        if sessions is None or not sessions.is_valid():
            return cleaned
        probe = Cohort(start_date=cleaned.get("start_date"), end_date=cleaned.get("end_date"))
        for form in sessions.forms:
            if not getattr(form, "cleaned_data", None) or form.cleaned_data.get("DELETE"):
                continue
            session = form.instance
            session.cohort = probe
            try:
                session.clean()
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
        return cleaned


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "group"
    menu_label = gettext_lazy("Cohorts")
    index_view_class = CohortIndexView
    filterset_class = CohortFilterSet
    search_fields = ["code", "name"]
    search_backend_name = None
    list_display = [
        "code",
        "name",
        "course",
        "delivery_format",
        "status",
        Column(
            "dates",
            label=gettext_lazy("Dates"),
            accessor=cohort_dates,
            sort_key="start_date",
        ),
        "seats",
    ]
    list_export = [
        "code",
        "name",
        "course",
        "delivery_format",
        "status",
        "start_date",
        "end_date",
        "capacity",
        "organisation",
        "location",
    ]
    export_filename = "lectern-cohorts"
    inspect_view_enabled = True
    panels = [
        PageChooserPanel("course", page_type="courses.CoursePage"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
        FieldRowPanel([FieldPanel("delivery_format"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldRowPanel([FieldPanel("enrolment_opens"), FieldPanel("enrolment_closes")]),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("organisation")]),
        FieldRowPanel([FieldPanel("location"), FieldPanel("meeting_url")]),
        FieldPanel("instructors", widget=forms.CheckboxSelectMultiple),
        InlinePanel(
            "sessions",
            heading=gettext_lazy("Sessions"),
            label=gettext_lazy("Session"),
            panels=[
                FieldPanel("title"),
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldRowPanel([FieldPanel("location"), FieldPanel("meeting_url")]),
                FieldPanel("instructor"),
            ],
        ),
    ]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=CohortAdminForm).bind_to_model(self.model)


# The schedule ------------------------------------------------------------------


class SessionFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        field_name="cohort__course", queryset=CoursePage.objects.all(), label=gettext_lazy("Course")
    )
    cohort = django_filters.ModelChoiceFilter(
        queryset=Cohort.objects.all(), label=gettext_lazy("Cohort")
    )
    instructor = django_filters.ModelChoiceFilter(
        queryset=instructors(), label=gettext_lazy("Instructor")
    )
    client = django_filters.ModelChoiceFilter(
        field_name="cohort__organisation",
        queryset=Organisation.objects.all(),
        label=gettext_lazy("Client"),
    )
    starts_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Date"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Session
        fields = ["course", "cohort", "instructor", "client", "starts_at"]


class ScheduleIndexView(AuditedExportIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("cohort", "cohort__course", "instructor")


class SessionViewSet(ModelViewSet):
    """The coordinators' schedule across cohorts."""

    model = Session
    icon = "date"
    menu_label = gettext_lazy("Schedule")
    index_view_class = ScheduleIndexView
    filterset_class = SessionFilterSet
    ordering = ["starts_at"]
    list_display = [
        "title",
        Column("when", label=gettext_lazy("When"), accessor=session_when, sort_key="starts_at"),
        Column(
            "cohort",
            label=gettext_lazy("Cohort"),
            accessor="cohort.code",
            sort_key="cohort__code",
        ),
        "instructor",
        Column("where", label=gettext_lazy("Where"), accessor=session_where),
    ]
    list_export = [
        "starts_at",
        "ends_at",
        "title",
        "cohort",
        "instructor",
        "location",
        "meeting_url",
    ]
    export_filename = "lectern-schedule"
    search_fields = ["title", "cohort__code", "location"]
    search_backend_name = None
    form_fields = [
        "cohort",
        "title",
        "starts_at",
        "ends_at",
        "location",
        "meeting_url",
        "instructor",
    ]


# Enrolments ---------------------------------------------------------------------


class EnrollmentFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        queryset=CoursePage.objects.all(), label=gettext_lazy("Course")
    )
    cohort = django_filters.ModelChoiceFilter(
        queryset=Cohort.objects.all(), label=gettext_lazy("Cohort")
    )
    client = django_filters.ModelChoiceFilter(
        field_name="learner__organisation",
        queryset=Organisation.objects.all(),
        label=gettext_lazy("Client"),
    )
    instructor = django_filters.ModelChoiceFilter(
        field_name="cohort__instructors", queryset=instructors(), label=gettext_lazy("Instructor")
    )
    due_date = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Due"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Enrollment
        fields = ["course", "cohort", "client", "status", "source", "instructor", "due_date"]


class EnrollmentIndexView(AuditedExportMixin, SnippetIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("learner", "cohort", "course").distinct()


class EnrollmentForm(forms.ModelForm):
    """A coordinator enrols someone: through enroll_learner, so capacity and audit apply."""

    class Meta:
        model = Enrollment
        fields = ["learner", "cohort", "due_date"]


class EnrollmentCreateView(SnippetCreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return enroll_learner(
            cohort=data["cohort"],
            learner=data["learner"],
            by=self.request.user,
            source=EnrollmentSource.COORDINATOR,
            due_date=data.get("due_date"),
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except EnrollmentError as exc:
            form.add_error(None, str(exc))
            self.produced_error_message = str(exc)
            return self.form_invalid(form)


class EnrollmentEditForm(forms.ModelForm):
    status = forms.ChoiceField(choices=EnrollmentStatus.choices)

    class Meta:
        model = Enrollment
        fields = ["status", "due_date"]


class EnrollmentEditView(SnippetEditView):
    def save_instance(self):
        """Status changes follow the allowed transitions; both changes are audited."""
        original = Enrollment.objects.get(pk=self.object.pk)
        data = self.form.cleaned_data
        if data["due_date"] != original.due_date:
            change_due_date(enrollments=[original], due_date=data["due_date"], by=self.request.user)
        if data["status"] != original.status:
            change_status(enrollment=original, status=data["status"], by=self.request.user)
        return Enrollment.objects.get(pk=original.pk)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except EnrollmentError as exc:
            form.add_error("status", str(exc))
            self.produced_error_message = str(exc)
            return self.form_invalid(form)


class EnrollmentViewSet(SnippetViewSet):
    """
    A snippet viewset rather than a plain ModelViewSet: Wagtail offers bulk
    actions (withdraw, change due date, move) only on snippet listings.
    """

    model = Enrollment
    icon = "user"
    menu_label = gettext_lazy("Enrolments")
    add_to_admin_menu = True
    menu_order = 211
    index_view_class = EnrollmentIndexView
    add_view_class = EnrollmentCreateView
    edit_view_class = EnrollmentEditView
    filterset_class = EnrollmentFilterSet
    list_display = [
        "learner",
        Column(
            "cohort",
            label=gettext_lazy("Cohort"),
            accessor="cohort.code",
            sort_key="cohort__code",
        ),
        Column(
            "course",
            label=gettext_lazy("Course"),
            accessor="course.code",
            sort_key="course__code",
        ),
        "status",
        "due_date",
        "source",
        Column(
            "enrolled_at",
            label=gettext_lazy("Enrolled"),
            accessor=enrolled_on,
            sort_key="enrolled_at",
        ),
    ]
    list_export = [
        "learner.email",
        "learner.first_name",
        "learner.last_name",
        "learner.organisation",
        "cohort.code",
        "course.code",
        "status",
        "due_date",
        "source",
        "enrolled_at",
        "completed_at",
    ]
    export_headings = {
        "learner.email": gettext_lazy("E-mail"),
        "learner.first_name": gettext_lazy("First name"),
        "learner.last_name": gettext_lazy("Last name"),
        "learner.organisation": gettext_lazy("Organisation"),
        "cohort.code": gettext_lazy("Cohort"),
        "course.code": gettext_lazy("Course"),
    }
    export_filename = "lectern-enrolments"
    search_fields = ["learner__email", "learner__first_name", "learner__last_name", "cohort__code"]
    search_backend_name = None
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return EnrollmentEditForm if for_update else EnrollmentForm


# Assignment rules ----------------------------------------------------------------


class AssignmentRuleCreateView(generic.CreateView):
    def save_instance(self):
        rule = super().save_instance()
        rule.created_by = self.request.user
        rule.save(update_fields=["created_by"])
        _apply_and_report(self.request, rule)
        return rule


class AssignmentRuleEditView(generic.EditView):
    def save_instance(self):
        rule = super().save_instance()
        _apply_and_report(self.request, rule)
        return rule


def _apply_and_report(request, rule):
    enrolled, skipped = apply_rule(rule, by=request.user)
    messages.info(
        request,
        _(
            "Rule “%(rule)s” applied: %(enrolled)d learner(s) enrolled, "
            "%(skipped)d already enrolled or skipped."
        )
        % {"rule": rule.name, "enrolled": enrolled, "skipped": skipped},
    )


class AssignmentRuleViewSet(ModelViewSet):
    model = AssignmentRule
    icon = "cogs"
    menu_label = gettext_lazy("Assignment rules")
    add_view_class = AssignmentRuleCreateView
    edit_view_class = AssignmentRuleEditView
    list_display = ["name", "organisation", "course", "role", "due_in_days", "is_active"]
    list_filter = ["organisation", "is_active"]
    panels = [
        FieldPanel("name"),
        FieldPanel("organisation"),
        MultiFieldPanel(
            [
                FieldPanel("role"),
                FieldRowPanel([FieldPanel("profile_field"), FieldPanel("profile_value")]),
            ],
            heading=gettext_lazy("Which people"),
        ),
        PageChooserPanel("course", page_type="courses.CoursePage"),
        FieldPanel("cohort"),
        FieldRowPanel([FieldPanel("due_in_days"), FieldPanel("is_active")]),
    ]


class CohortsViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Cohorts")
    menu_icon = "group"
    menu_order = 210
    items = (
        CohortViewSet("cohorts"),
        SessionViewSet("schedule"),
        AssignmentRuleViewSet("assignment_rules"),
    )
