"""Test settings: fast hashing, in-memory mail, jobs run inline unless a test says so."""

import os

from .base import *  # noqa: F403
from .base import IS_POSTGRES

DEBUG = False
SECRET_KEY = "test-only-insecure-key-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# JOB_RUNNER=celery (CI's PostgreSQL pass) keeps the Celery path, run eagerly
# unless a test starts a real worker; otherwise jobs run through django-q2's
# synchronous mode, which exercises the embedded runner's own code.
LECTERN_JOB_RUNNER = os.environ.get("JOB_RUNNER", "embedded")
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

if IS_POSTGRES:
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Serve static files from the finders (no collectstatic before tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
