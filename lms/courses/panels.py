from django.db.models import Count, Q
from django.urls import reverse
from wagtail.admin.panels import Panel


class VersionsPanel(Panel):
    """In the course editor: each recorded version and how many active learners study it."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/versions_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            course = self.instance
            versions = []
            if course.pk:
                # "enrollments" is the reverse name of Enrollment.version (lms.cohorts);
                # a read only, so the courses app imports nothing from above it.
                versions = list(
                    course.versions.annotate(
                        learners=Count(
                            "enrollments",
                            filter=Q(enrollments__status__in=["assigned", "in_progress"]),
                        )
                    ).order_by("-number")[:10]
                )
            context.update(
                versions=versions,
                manage_url=reverse("lectern_course_versions", args=[course.pk])
                if course.pk
                else "",
            )
            return context
