"""Bulk actions on the enrolments listing: each reports what it did and what it refused."""

from django import forms
from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from lms.cohorts.models import Cohort, Enrollment
from lms.cohorts.services import change_due_date, move_to_cohort, withdraw


class _EnrollmentBulkAction(SnippetBulkAction):
    models = [Enrollment]
    template_name = "cohorts/admin/bulk_action.html"

    def check_perm(self, obj):
        return self.request.user.has_perm("cohorts.change_enrollment")

    def get_execution_context(self):
        return {
            "user": self.request.user,
            "form_data": self.cleaned_form.cleaned_data,
            "request": self.request,
        }

    @staticmethod
    def report_refused(request, refused):
        for enrollment, reason in refused[:20]:
            messages.warning(request, f"{enrollment}: {reason}")
        if len(refused) > 20:
            messages.warning(request, _("…and %(n)d more not changed.") % {"n": len(refused) - 20})


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason (kept in the audit log)"), max_length=500)


class WithdrawBulkAction(_EnrollmentBulkAction):
    display_name = gettext_lazy("Withdraw")
    action_type = "withdraw"
    aria_label = gettext_lazy("Withdraw the selected enrolments")
    form_class = WithdrawForm
    action_priority = 40

    @classmethod
    def execute_action(cls, objects, user=None, form_data=None, request=None, **kwargs):
        done, refused = withdraw(enrollments=objects, by=user, reason=form_data["reason"])
        cls.report_refused(request, refused)
        return done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return _("%(n)d enrolment(s) withdrawn.") % {"n": num_parent_objects}


class DueDateForm(forms.Form):
    due_date = forms.DateField(
        label=gettext_lazy("New due date"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ChangeDueDateBulkAction(_EnrollmentBulkAction):
    display_name = gettext_lazy("Change due date")
    action_type = "change_due_date"
    aria_label = gettext_lazy("Change the due date of the selected enrolments")
    form_class = DueDateForm
    action_priority = 41

    @classmethod
    def execute_action(cls, objects, user=None, form_data=None, request=None, **kwargs):
        return change_due_date(enrollments=objects, due_date=form_data["due_date"], by=user), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return _("Due date changed on %(n)d active enrolment(s).") % {"n": num_parent_objects}


class MoveForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=gettext_lazy("Move to cohort"),
        queryset=Cohort.objects.exclude(status="closed").order_by("code"),
    )


class MoveToCohortBulkAction(_EnrollmentBulkAction):
    display_name = gettext_lazy("Move to cohort")
    action_type = "move_to_cohort"
    aria_label = gettext_lazy("Move the selected enrolments to another cohort")
    form_class = MoveForm
    action_priority = 42

    @classmethod
    def execute_action(cls, objects, user=None, form_data=None, request=None, **kwargs):
        moved, refused = move_to_cohort(enrollments=objects, cohort=form_data["cohort"], by=user)
        cls.report_refused(request, refused)
        return moved, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return _("%(n)d enrolment(s) moved.") % {"n": num_parent_objects}
