from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "lms.assessments"
    label = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from lms.core import jobs

        jobs.register_schedule(
            "lms.assessments.jobs.close_expired_quiz_attempts",
            every="minute",
            name="Close quiz attempts past their time limit",
        )
