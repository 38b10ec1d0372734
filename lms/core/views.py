from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lms.core.jobs import runner
from lms.core.models import JobHeartbeat

# A runner that has not beaten for this long is reported as stale.
HEARTBEAT_STALE_AFTER_SECONDS = 300


@never_cache
@require_GET
def health(request):
    """
    Liveness for load balancers and operators: 200 when the database answers,
    503 when it does not. The job runner's heartbeat is reported, not enforced:
    a stopped worker must not take the web tier out of rotation.
    """
    body = {"version": settings.LECTERN_VERSION, "database": "ok"}
    status = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "unreachable" here
        body["database"] = f"error: {exc.__class__.__name__}"
        status = 503

    jobs = {"runner": runner(), "heartbeat": None, "age_seconds": None, "status": "unknown"}
    if status == 200:
        beat = JobHeartbeat.objects.filter(runner=runner()).values_list("beat_at", flat=True)
        beat_at = beat.first()
        if beat_at:
            age = (timezone.now() - beat_at).total_seconds()
            jobs.update(
                heartbeat=beat_at.isoformat(),
                age_seconds=round(age),
                status="ok" if age <= HEARTBEAT_STALE_AFTER_SECONDS else "stale",
            )
        else:
            jobs["status"] = "no heartbeat yet"
    body["jobs"] = jobs
    body["status"] = "ok" if status == 200 else "error"
    return JsonResponse(body, status=status)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
