# Lectern: one image for every role (web, Celery worker, Celery beat, migrate).
#
#   docker build -t lectern .
#   docker run --env-file .env -p 8000:8000 lectern                      # web (gunicorn)
#   docker run --env-file .env lectern celery -A lms_site worker -l info  # worker
#   docker run --env-file .env lectern celery -A lms_site beat -l info \
#       --schedule /tmp/celerybeat-schedule                              # beat (exactly one)
#   docker run --env-file .env lectern python manage.py migrate --noinput
#
# See docs/deploy.md and docker-compose.yml.

FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Runtime libraries only: WeasyPrint (certificates and reports as PDF) needs
# Pango/HarfBuzz and fonts; libpq5 for PostgreSQL clients. Versions are
# bookworm's (with its security updates), not pinned.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        fonts-dejavu-extra \
        shared-mime-info \
        libpq5 \
    && rm -rf /var/lib/apt/lists/*

# The application runs unprivileged. The code stays owned by root (read-only
# for the app); only MEDIA_ROOT and the user's home (gunicorn's control socket
# lives in ~/.gunicorn) are writable.
RUN groupadd --system --gid 1000 lectern \
    && useradd --system --uid 1000 --gid lectern --create-home --home-dir /home/lectern \
        --shell /usr/sbin/nologin lectern

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY requirements.txt ./
RUN pip install -r requirements.txt

# Then the project itself (editable: site/ is imported as lms_site).
COPY . .
RUN pip install --no-deps -e .

ENV DJANGO_SETTINGS_MODULE=lms_site.settings.production

# Static files are collected into the image (STATIC_ROOT=/app/static_collected)
# and served by WhiteNoise. The secret key here exists only for this step and
# is not kept in the image.
RUN DJANGO_SECRET_KEY=collectstatic-build-only-not-a-secret \
        python manage.py collectstatic --noinput \
    && mkdir -p /app/media /app/private_media \
    && chown lectern:lectern /app/media /app/private_media

# Numeric, so orchestrators can verify the image does not run as root.
USER 1000:1000

EXPOSE 8000

# /health/ answers 200 while the database is reachable. The Host header is the
# first entry of DJANGO_ALLOWED_HOSTS, so the check passes ALLOWED_HOSTS
# validation whatever domain the site runs under. Worker and beat containers
# override or disable this check (see docker-compose.yml).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request as u; h = [x.strip().lstrip('.') for x in os.environ.get('DJANGO_ALLOWED_HOSTS', 'localhost').split(',') if x.strip() not in ('', '*')]; r = u.Request('http://127.0.0.1:8000/health/', headers={'Host': (h or ['localhost'])[0]}); sys.exit(0 if u.urlopen(r, timeout=8).status == 200 else 1)"]

CMD ["gunicorn", "lms_site.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
