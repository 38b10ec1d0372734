from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    name = "lms.cohorts"
    label = "cohorts"
    verbose_name = _("Cohorts and enrolments")

    def ready(self):
        from lms.cohorts import signals  # noqa: F401
