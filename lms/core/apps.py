from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lms.core"
    label = "core"
    verbose_name = _("Lectern core")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import jobs, sites

        jobs.register_schedule(
            "lms.core.jobs.builtin.heartbeat", every="minute", name="Job runner heartbeat"
        )
        post_migrate.connect(jobs.sync_embedded_schedules_after_migrate, sender=self)
        sites.connect_signals()
