from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "lms.courses"
    label = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from lms.core import jobs

        jobs.register_schedule(
            "lms.courses.jobs.publish_scheduled_pages",
            every="minute",
            name="Publish scheduled pages",
        )
        from lms.courses import signals  # noqa: F401
        from lms.courses.forms import CourseCopyForm
        from lms.courses.models import CoursePage

        # Wagtail's copy view asks the page class for its form (a course copy needs a new code).
        CoursePage.copy_form_class = CourseCopyForm
