"""
Lectern's background jobs: one small interface, two runners.

A job is a plain, idempotent, module-level function that takes ids and
JSON-friendly values. Code never talks to django-q2 or Celery directly:

    from lms.core import jobs
    jobs.enqueue("lms.certificates.jobs.render_pdf", certificate_id=3)
    jobs.register_schedule("lms.compliance.jobs.send_reminders", every="daily", at="06:00")

enqueue() waits for the surrounding transaction to commit, so a job never
reads rows that were rolled back or not yet visible.

Runners (settings.LECTERN_JOB_RUNNER):
- "embedded": django-q2 on its ORM broker; schedules are rows in its
  Schedule table (visible in the admin), kept in step after every migrate.
- "celery": Celery workers on Redis; schedules become Celery beat entries.
- "immediate": run inline at commit (one-off scripts).
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

EVERY_CHOICES = ("minute", "hourly", "daily", "weekly")


@dataclass(frozen=True)
class ScheduledJob:
    path: str
    every: str
    at: str = "00:00"  # HH:MM (UTC) for daily and weekly jobs; minute for hourly
    name: str = ""

    @property
    def title(self):
        return self.name or self.path.rsplit(".", 1)[-1].replace("_", " ").capitalize()


_schedules: dict[str, ScheduledJob] = {}


def runner():
    return getattr(settings, "LECTERN_JOB_RUNNER", "embedded")


def register_schedule(path, *, every, at="00:00", name=""):
    """Declare a periodic job. Called from AppConfig.ready()."""
    if every not in EVERY_CHOICES:
        raise ValueError(f"every must be one of {EVERY_CHOICES}, not {every!r}")
    hour, _, minute = at.partition(":")
    if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60):
        raise ValueError(f"at must be HH:MM, not {at!r}")
    _schedules[path] = ScheduledJob(path=path, every=every, at=at, name=name)


def schedules():
    return dict(_schedules)


def execute(path, args=(), kwargs=None):
    """Run a job by its dotted path. Both runners end here."""
    func = import_string(path)
    logger.info("job %s starting", path)
    result = func(*args, **(kwargs or {}))
    logger.info("job %s finished", path)
    return result


def _dispatch(path, args, kwargs):
    mode = runner()
    if mode == "celery":
        from lms_site.celery import run_job

        run_job.delay(path, args, kwargs)
    elif mode == "embedded":
        from django_q.tasks import async_task

        async_task("lms.core.jobs.execute", path, args, kwargs, task_name=path[:100])
    elif mode == "immediate":
        execute(path, args, kwargs)
    else:
        raise ValueError(f"Unknown LECTERN_JOB_RUNNER {mode!r}")


def enqueue(path, *args, **kwargs):
    """
    Run the job at path in the background once the current transaction
    commits (at once when there is none).
    """
    if not isinstance(path, str):
        path = f"{path.__module__}.{path.__qualname__}"
    transaction.on_commit(lambda: _dispatch(path, list(args), kwargs))


def _cron(job):
    hour, minute = (int(part) for part in job.at.split(":"))
    return {
        "minute": "* * * * *",
        "hourly": f"{minute} * * * *",
        "daily": f"{minute} {hour} * * *",
        "weekly": f"{minute} {hour} * * 1",
    }[job.every]


def celery_beat_schedule():
    from celery.schedules import crontab

    beat = {}
    for job in _schedules.values():
        minute, hour, _dom, _month, dow = _cron(job).split()
        beat[job.title] = {
            "task": "lectern.run_job",
            "schedule": crontab(minute=minute, hour=hour, day_of_week=dow),
            "args": (job.path, [], {}),
        }
    return beat


def sync_embedded_schedules():
    """
    Make django-q2's Schedule table match the registry: one row per job,
    updated in place, stale Lectern rows removed. Returns (created, updated, removed).
    """
    from django_q.models import Schedule

    created = updated = 0
    wanted = {}
    for job in _schedules.values():
        wanted[job.title] = job
        defaults = {
            "func": "lms.core.jobs.execute",
            "args": repr(job.path),
            "schedule_type": Schedule.CRON,
            "cron": _cron(job),
            "repeats": -1,
        }
        obj, was_created = Schedule.objects.get_or_create(name=job.title, defaults=defaults)
        if was_created:
            created += 1
        elif any(getattr(obj, key) != value for key, value in defaults.items()):
            for key, value in defaults.items():
                setattr(obj, key, value)
            obj.save()
            updated += 1
    stale = Schedule.objects.filter(func="lms.core.jobs.execute").exclude(name__in=wanted)
    removed, _ = stale.delete()
    return created, updated, removed


def sync_embedded_schedules_after_migrate(**kwargs):
    from django.db import connection

    if "django_q_schedule" in connection.introspection.table_names():
        sync_embedded_schedules()
