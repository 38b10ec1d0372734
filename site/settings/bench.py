"""
Benchmark settings (bench/run.py): production-like request handling (DEBUG off,
real middleware) with everything outside the process replaced by in-memory
stand-ins, so the figures measure Lectern's code and its queries, not SMTP,
Redis or a job broker.

The database is a SQLite file of its own under bench/.data/ (never the
development db.sqlite3), or DATABASE_URL when set, which must then name a
throwaway database: the harness migrates it.
"""

import os

import dj_database_url

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = False
SECRET_KEY = "bench-only-insecure-key-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
ALLOWED_HOSTS = ["*"]

BENCH_DATABASE_PATH = BASE_DIR / "bench" / ".data" / "bench.sqlite3"
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.config(
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
else:
    # Same connection options as base's SQLite default, so the figures match
    # what the embedded deployment runs.
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BENCH_DATABASE_PATH,
            "CONN_MAX_AGE": 0,
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Jobs run inline at commit, so a benchmark that commits pays for its jobs.
LECTERN_JOB_RUNNER = "immediate"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Serve static files from the finders (no collectstatic before a run).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Per-request INFO lines would cost time inside the measured loop.
LOGGING = {
    **LOGGING,  # noqa: F405
    "root": {**LOGGING["root"], "level": "WARNING"},  # noqa: F405
    "loggers": {"django-q": {"level": "WARNING"}},
}
