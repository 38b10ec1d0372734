"""Course versions in the admin: who is on which version, and moving them to the newest."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.cohorts.models import ACTIVE_STATUSES, Cohort, Enrollment
from lms.cohorts.services import move_to_latest_version
from lms.courses.models import CoursePage, CourseVersion
from lms.courses.versions import latest_version

VIEW_PERMISSION = "wagtailadmin.access_admin"
MOVE_PERMISSION = "cohorts.change_enrollment"


class MoveForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=gettext_lazy("Move every active learner of cohort"),
        queryset=Cohort.objects.none(),
        required=False,
    )
    learner_email = forms.EmailField(label=gettext_lazy("or one learner (e-mail)"), required=False)

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        self.fields["cohort"].queryset = Cohort.objects.filter(course=course)

    def clean(self):
        data = super().clean()
        if bool(data.get("cohort")) == bool(data.get("learner_email")):
            raise forms.ValidationError(_("Choose a cohort or give one learner's e-mail address."))
        if data.get("learner_email"):
            enrollment = Enrollment.objects.filter(
                course=self.course, learner__email__iexact=data["learner_email"].strip()
            ).filter(status__in=ACTIVE_STATUSES)
            if not enrollment.exists():
                self.add_error(
                    "learner_email",
                    _("%(email)s has no active enrolment in this course.")
                    % {"email": data["learner_email"]},
                )
            data["enrollments"] = enrollment
        elif data.get("cohort"):
            data["enrollments"] = Enrollment.objects.filter(
                cohort=data["cohort"], status__in=ACTIVE_STATUSES
            )
        return data


def course_versions(request, course_id):
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    course = get_object_or_404(CoursePage, pk=course_id)
    can_move = request.user.has_perm(MOVE_PERMISSION)
    form = MoveForm(request.POST or None, course=course)
    if request.method == "POST":
        if not can_move:
            raise PermissionDenied
        if form.is_valid():
            moved = move_to_latest_version(
                enrollments=form.cleaned_data["enrollments"], by=request.user
            )
            newest = latest_version(course)
            messages.success(
                request,
                _("%(count)d enrolment(s) moved to version %(number)s; lesson progress was kept.")
                % {"count": moved, "number": newest.number if newest else "-"},
            )
            return redirect("lectern_course_versions", course_id=course.pk)
    versions = (
        CourseVersion.objects.filter(course=course)
        .annotate(
            learners=Count(
                "enrollments", filter=Q(enrollments__status__in=ACTIVE_STATUSES), distinct=True
            ),
            lessons=Count("entries", filter=Q(entries__kind="lesson"), distinct=True),
        )
        .select_related("created_by")
        .order_by("-number")
    )
    unstarted = Enrollment.objects.filter(
        course=course, version__isnull=True, status__in=ACTIVE_STATUSES
    ).count()
    return TemplateResponse(
        request,
        "cohorts/admin/course_versions.html",
        {
            "course": course,
            "versions": versions,
            "unstarted": unstarted,
            "form": form,
            "can_move": can_move,
            "page_title": _("Versions of %(course)s") % {"course": course.title},
        },
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", gettext_lazy("Approve")), ("decline", gettext_lazy("Decline"))]
    )
    cohort = forms.ModelChoiceField(queryset=Cohort.objects.all(), required=False)
    note = forms.CharField(required=False, max_length=1000)


def enrollment_requests(request):
    """Coordinators decide learners' requests for places, oldest first."""
    from lms.cohorts.exceptions import EnrollmentError
    from lms.cohorts.models import EnrollmentRequest
    from lms.cohorts.services import decide_request

    if not request.user.has_perm("cohorts.add_enrollment"):
        raise PermissionDenied
    if request.method == "POST":
        place_request = get_object_or_404(EnrollmentRequest, pk=request.POST.get("request_id"))
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                decide_request(
                    place_request=place_request,
                    by=request.user,
                    approve=form.cleaned_data["decision"] == "approve",
                    cohort=form.cleaned_data["cohort"],
                    note=form.cleaned_data["note"],
                )
            except EnrollmentError as exc:
                messages.error(request, str(exc))
            else:
                if form.cleaned_data["decision"] == "approve":
                    message = _("%(learner)s: request approved.")
                else:
                    message = _("%(learner)s: request declined.")
                messages.success(request, message % {"learner": place_request.learner})
        return redirect("lectern_enrollment_requests")
    pending = (
        EnrollmentRequest.objects.filter(status=EnrollmentRequest.Status.PENDING)
        .select_related("learner", "learner__organisation", "course")
        .order_by("created_at")
    )
    cohorts = Cohort.objects.filter(course_id__in=pending.values("course_id")).order_by("code")
    return TemplateResponse(
        request,
        "cohorts/admin/enrollment_requests.html",
        {"pending": pending, "cohorts": cohorts, "page_title": _("Enrolment requests")},
    )
