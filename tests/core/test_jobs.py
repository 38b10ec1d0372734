import socket
import time

import pytest
from django.db import transaction
from django_q.models import Schedule, Success

from lms.core import jobs
from lms.core.models import JobHeartbeat

JOB = "tests.core.sample_jobs.mark"


@pytest.mark.django_db
def test_embedded_runner_runs_an_enqueued_job_after_commit(
    settings, django_capture_on_commit_callbacks
):
    settings.LECTERN_JOB_RUNNER = "embedded"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        jobs.enqueue(JOB, "embedded-ran")
        assert not JobHeartbeat.objects.filter(runner="embedded-ran").exists()
    assert len(callbacks) == 1
    assert JobHeartbeat.objects.filter(runner="embedded-ran").exists()
    # It went through django-q2: the result is recorded as a successful task.
    assert Success.objects.filter(func="lms.core.jobs.execute", result="embedded-ran").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_enqueued_in_a_rolled_back_transaction_never_runs(settings):
    settings.LECTERN_JOB_RUNNER = "immediate"

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        jobs.enqueue(JOB, "rolled-back")
        raise Boom
    assert not JobHeartbeat.objects.filter(runner="rolled-back").exists()


@pytest.mark.django_db
def test_enqueue_accepts_the_function_itself(settings, django_capture_on_commit_callbacks):
    from tests.core.sample_jobs import mark

    settings.LECTERN_JOB_RUNNER = "immediate"
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue(mark, "by-function")
    assert JobHeartbeat.objects.filter(runner="by-function").exists()


@pytest.mark.django_db
def test_schedules_become_django_q_rows_once():
    jobs.sync_embedded_schedules()
    first = Schedule.objects.get(name="Job runner heartbeat")
    assert first.func == "lms.core.jobs.execute"
    assert first.cron == "* * * * *"
    assert jobs.sync_embedded_schedules() == (0, 0, 0)
    assert Schedule.objects.filter(name="Job runner heartbeat").count() == 1


@pytest.mark.django_db
def test_a_schedule_that_is_no_longer_registered_is_removed():
    Schedule.objects.create(name="Gone", func="lms.core.jobs.execute", args="'x.y'")
    _created, _updated, removed = jobs.sync_embedded_schedules()
    assert removed == 1
    assert not Schedule.objects.filter(name="Gone").exists()


def test_celery_beat_gets_the_same_schedule():
    beat = jobs.celery_beat_schedule()
    entry = beat["Job runner heartbeat"]
    assert entry["task"] == "lectern.run_job"
    assert entry["args"] == ("lms.core.jobs.builtin.heartbeat", [], {})


def test_register_schedule_refuses_bad_times():
    with pytest.raises(ValueError, match="HH:MM"):
        jobs.register_schedule("x.y", every="daily", at="25:00")
    with pytest.raises(ValueError, match="every must be"):
        jobs.register_schedule("x.y", every="fortnightly")


@pytest.mark.django_db
def test_wagtail_background_tasks_go_through_the_job_runner(
    settings, django_capture_on_commit_callbacks
):
    """Django's TASKS setting hands tasks to Lectern's runner, not the request."""
    from django_tasks import task_backends

    from lms.core.jobs.backend import LecternTaskBackend

    settings.LECTERN_JOB_RUNNER = "immediate"
    backend = LecternTaskBackend("lectern", {})
    from tests.core import sample_tasks

    with django_capture_on_commit_callbacks(execute=True):
        result = backend.enqueue(sample_tasks.mark_task, ["via-tasks"], {})
    assert result.status == "READY"
    assert JobHeartbeat.objects.filter(runner="via-tasks").exists()
    assert task_backends  # the framework itself is importable alongside


def _redis_up():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.celery
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_celery_worker_runs_an_enqueued_job_on_redis(settings):
    """The scale-out path for real: a Celery worker consuming from Redis."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("Celery runs against PostgreSQL (SQLite locks under a worker)")
    if not _redis_up():
        pytest.skip("no Redis on 127.0.0.1:6379")
    from celery.contrib.testing.worker import start_worker

    from lms_site.celery import app

    settings.LECTERN_JOB_RUNNER = "celery"
    app.conf.task_always_eager = False
    app.conf.broker_url = settings.CELERY_BROKER_URL
    app.conf.result_backend = settings.CELERY_RESULT_BACKEND
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            jobs.enqueue(JOB, "celery-ran")  # no transaction: dispatched at once
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                if JobHeartbeat.objects.filter(runner="celery-ran").exists():
                    break
                time.sleep(0.2)
    finally:
        app.conf.task_always_eager = True
    assert JobHeartbeat.objects.filter(runner="celery-ran").exists()
