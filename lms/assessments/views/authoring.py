"""
Admin views for authors: the question editor (its content lives on the
current version, so saving goes through services.questions.save_question)
and delete views that explain, instead of failing, when answered work
protects a record.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import Count, ProtectedError
from django.db.models.deletion import Collector
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views import generic
from wagtail.snippets.views.snippets import DeleteView as SnippetDeleteView

from lms.assessments.exceptions import QuestionChanged, QuestionInUse
from lms.assessments.forms import QuestionForm
from lms.assessments.models import Assignment, Quiz, Rubric
from lms.assessments.services.questions import (
    create_category,
    delete_question,
    in_use_message,
    save_question,
)


def describe_protected(obj, exc):
    """“X cannot be deleted: it has 3 quiz attempts.” from a ProtectedError."""
    counts = {}
    for protected in exc.protected_objects:
        meta = protected._meta
        counts[meta] = counts.get(meta, 0) + 1
    parts = [
        f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}"
        for meta, count in counts.items()
    ]
    return _("“%(object)s” cannot be deleted: it is in use (%(parts)s).") % {
        "object": obj,
        "parts": ", ".join(parts),
    }


class ProtectedDeleteMixin:
    """
    Records that answered work or other content protects (on_delete=PROTECT)
    are not deleted: the author is sent back to the edit screen with what
    protects it and what to do instead, rather than an error page.
    """

    protected_hint = ""

    def protected_by(self):
        collector = Collector(using=router.db_for_write(self.model))
        try:
            collector.collect([self.object])
        except ProtectedError as exc:
            return exc
        return None

    def refuse(self, exc):
        messages.error(
            self.request, f"{describe_protected(self.object, exc)} {self.protected_hint}".strip()
        )
        return redirect(
            AdminURLFinder(self.request.user).get_edit_url(self.object)
            or reverse(self.index_url_name)
        )

    def get(self, request, *args, **kwargs):
        exc = self.protected_by()
        if exc is not None:
            return self.refuse(exc)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        exc = self.protected_by()
        if exc is not None:
            return self.refuse(exc)
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError as exc:  # protected since the check, by a concurrent request
            return self.refuse(exc)


class QuizDeleteView(ProtectedDeleteMixin, SnippetDeleteView):
    protected_hint = _(
        "Learners have attempted this quiz, so their results depend on it: unpublish it instead."
    )


class AssignmentDeleteView(ProtectedDeleteMixin, SnippetDeleteView):
    protected_hint = _(
        "Learners have handed work in for this assignment: unpublish it instead of deleting it."
    )


class RubricDeleteView(ProtectedDeleteMixin, SnippetDeleteView):
    protected_hint = _("Choose another rubric on those assignments first.")


class CategoryDeleteView(ProtectedDeleteMixin, generic.DeleteView):
    protected_hint = _("Quizzes draw questions from this category: remove those draws first.")


class BankDeleteView(ProtectedDeleteMixin, generic.DeleteView):
    protected_hint = _("Move or delete the bank's questions first.")


# Questions ------------------------------------------------------------------


class QuestionFormMixin:
    template_name = "assessments/admin/question_form.html"
    outcome = None

    def get_form_class(self):
        return QuestionForm

    def save_instance(self):
        data = self.form.cleaned_data
        category = data.get("category")
        if data.get("new_category"):
            category = create_category(
                bank=data["bank"], name=data["new_category"], by=self.request.user
            )
        question, self.outcome = save_question(
            question=self.object if self.object and self.object.pk else None,
            bank=data["bank"],
            category=category,
            name=data["name"],
            archived=data.get("archived", False),
            content=self.form.content,
            base_version_id=data.get("base_version"),
            by=self.request.user,
        )
        return question

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except QuestionChanged as exc:
            form.add_error(None, str(exc))
            self.produced_error_message = str(exc)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["formsets"] = form.formsets
        context["media"] += form.formsets["choices"].media
        return context


class QuestionCreateView(QuestionFormMixin, generic.CreateView):
    def get_initial(self):
        initial = super().get_initial()
        # "Add a question to this bank" links pass the bank (and category).
        for name in ("bank", "category"):
            if self.request.GET.get(name, "").isdigit():
                initial[name] = self.request.GET[name]
        return initial


class QuestionEditView(QuestionFormMixin, generic.EditView):
    def get_success_message(self):
        if self.outcome == "versioned":
            version = self.object.current_version
            return _(
                "Question “%(name)s” saved as version %(number)s. Attempts already made "
                "keep version %(previous)s."
            ) % {"name": self.object, "number": version.number, "previous": version.number - 1}
        if self.outcome == "unchanged":
            return _("Question “%(name)s” had no changes to save.") % {"name": self.object}
        return super().get_success_message()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        question = self.object
        context["versions"] = (
            question.versions.select_related("created_by")
            .annotate(attempt_count=Count("attempt_questions"))
            .order_by("-number")
        )
        context["quiz_count"] = question.quiz_slots.values("quiz").distinct().count()
        return context


class QuestionDeleteView(generic.DeleteView):
    """Answered or used questions are archived, never deleted: say so instead of failing."""

    def get(self, request, *args, **kwargs):
        blocked = self.blocked_message()
        if blocked:
            messages.error(request, blocked)
            return redirect(self.get_edit_url())
        return super().get(request, *args, **kwargs)

    def blocked_message(self):
        attempts = self.object.versions.aggregate(n=Count("attempt_questions"))["n"]
        quizzes = self.object.quiz_slots.values("quiz").distinct().count()
        if attempts or quizzes:
            return in_use_message(self.object, attempts, quizzes)
        return None

    def get_edit_url(self):
        return reverse(self.edit_url_name, args=[self.object.pk])

    def delete_action(self):
        delete_question(question=self.object, by=self.request.user)

    def form_valid(self, form):
        blocked = self.blocked_message()
        if blocked:
            messages.error(self.request, blocked)
            return redirect(self.get_edit_url())
        try:
            return super().form_valid(form)
        except QuestionInUse as exc:
            messages.error(self.request, str(exc))
            return redirect(self.get_edit_url())


def refuse_protected_bulk_delete(request, action_type, objects, action):
    """
    before_bulk_action hook: a bulk delete of quizzes, assignments or rubrics
    that answered work protects stops with the same explanation as a single
    delete, and deletes nothing.
    """
    if action_type != "delete":
        return None
    protected_models = (Quiz, Assignment, Rubric)
    for obj in objects:
        if not isinstance(obj, protected_models):
            continue
        collector = Collector(using=router.db_for_write(type(obj)))
        try:
            collector.collect([obj])
        except ProtectedError as exc:
            messages.error(request, describe_protected(obj, exc))
            return redirect(
                get_valid_next_url_from_request(request)
                or AdminURLFinder(request.user).get_edit_url(obj)
            )
    return None
