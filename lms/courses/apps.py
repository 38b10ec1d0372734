from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "lms.courses"
    label = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from lms.courses import signals  # noqa: F401
