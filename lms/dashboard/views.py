from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from lms.cohorts.calendar import upcoming
from lms.cohorts.models import Enrollment, EnrollmentStatus
from lms.progress.learning import progress_for_enrollments


@login_required
def learner_dashboard(request):
    """The learner's home: their courses with progress, and what is coming up."""
    learner = request.user
    enrollments = list(
        Enrollment.objects.reading()
        .for_learner(learner)
        .select_related("course", "cohort")
        .order_by("status", "due_date", "-enrolled_at")
    )
    progress = progress_for_enrollments(learner, enrollments)
    today = timezone.localdate()
    courses = [
        {
            "enrollment": enrollment,
            "course": enrollment.course,
            "progress": progress[enrollment.pk],
            "resume_url": reverse("progress:resume", args=[enrollment.course_id]),
            "is_overdue": bool(
                enrollment.due_date and enrollment.due_date < today and enrollment.is_active
            ),
        }
        for enrollment in enrollments
    ]
    deadlines = sorted(
        (c for c in courses if c["enrollment"].due_date and c["enrollment"].is_active),
        key=lambda c: c["enrollment"].due_date,
    )
    return render(
        request,
        "dashboard/learner.html",
        {
            "person": learner,
            "courses": [c for c in courses if c["enrollment"].status != EnrollmentStatus.COMPLETED],
            "completed_courses": [
                c for c in courses if c["enrollment"].status == EnrollmentStatus.COMPLETED
            ],
            "deadlines": deadlines[:6],
            "sessions": upcoming(learner, limit=5),
            "today": today,
        },
    )
