"""Local development: DEBUG on, mails printed to the console."""

import os

from .base import *  # noqa: F403
from .base import env_bool, mailer

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "dev-only-insecure-key-never-use-in-production-0123456789abcdef"
)
ALLOWED_HOSTS = ["*"]
MAILERS = {
    "default": mailer(
        os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    )
}
