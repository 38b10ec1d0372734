"""
The Celery application for the scale-out runner:

    celery -A lms_site worker
    celery -A lms_site beat

Jobs themselves are declared once in lms.core.jobs; this module only wires
them into Celery and builds the beat schedule from the same registry that
django-q2 reads.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms_site.settings.production")

app = Celery("lectern")
app.config_from_object("django.conf:settings", namespace="CELERY")


@app.on_after_finalize.connect
def _install_schedule(sender, **kwargs):
    from lms.core.jobs import celery_beat_schedule

    sender.conf.beat_schedule = celery_beat_schedule()


@app.task(name="lectern.run_job", bind=True, max_retries=3, acks_late=True)
def run_job(self, path, args=(), kwargs=None):
    """Every Lectern job reaches Celery through this one task."""
    from lms.core.jobs import execute

    try:
        return execute(path, list(args), kwargs or {})
    except Exception as exc:
        raise self.retry(exc=exc, countdown=min(60 * 2**self.request.retries, 900)) from exc
