from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobHeartbeat(models.Model):
    """
    The last time each job runner proved it was alive by running a scheduled
    job. /health/ reads it; one row per runner.
    """

    runner = models.CharField(_("runner"), max_length=32, unique=True)
    beat_at = models.DateTimeField(_("last beat"), default=timezone.now)

    class Meta:
        verbose_name = _("job runner heartbeat")

    def __str__(self):
        return f"{self.runner} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"
