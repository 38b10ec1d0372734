from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "lms.support"
    label = "support"
    verbose_name = _("Support")

    def ready(self):
        from lms.core import jobs

        jobs.register_schedule(
            "lms.support.jobs.flag_overdue_tickets",
            every="hourly",
            at="00:05",
            name="Flag tickets past their response target",
        )
