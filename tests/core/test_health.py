from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.core.jobs.builtin import heartbeat
from lms.core.models import JobHeartbeat

pytestmark = pytest.mark.django_db


def test_health_reports_database_version_and_missing_heartbeat(client, settings):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["version"] == settings.LECTERN_VERSION
    assert body["jobs"]["status"] == "no heartbeat yet"
    assert response["Cache-Control"].startswith("max-age=0")


def test_health_reports_a_fresh_heartbeat(client, settings):
    heartbeat()
    jobs = client.get(reverse("health")).json()["jobs"]
    assert jobs["runner"] == settings.LECTERN_JOB_RUNNER
    assert jobs["status"] == "ok"
    assert jobs["age_seconds"] <= 5


def test_health_flags_a_stale_heartbeat_but_stays_up(client, settings):
    JobHeartbeat.objects.create(
        runner=settings.LECTERN_JOB_RUNNER, beat_at=timezone.now() - timedelta(minutes=30)
    )
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["jobs"]["status"] == "stale"


def test_health_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db import OperationalError, connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["database"] == "error: OperationalError"
