"""WSGI entry point: gunicorn lms_site.wsgi."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms_site.settings.production")

application = get_wsgi_application()
