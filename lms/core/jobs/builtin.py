"""Jobs that belong to the runner itself."""

from django.utils import timezone

from lms.core.jobs import runner
from lms.core.models import JobHeartbeat


def heartbeat():
    """Record that this runner is alive; /health/ reports how long ago that was."""
    JobHeartbeat.objects.update_or_create(runner=runner(), defaults={"beat_at": timezone.now()})
