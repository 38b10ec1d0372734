"""
The peer benchmark: wagtail-lms 0.11.1, the closest learning system on
Lectern's stack, measured the way bench_courses measures Lectern (Django's
test client in process, DEBUG off, the procedure in bench/timing.py) on a data
set of the same size and words (bench/content.py).

    .venv/bin/python bench/peer_wagtail_lms.py [--n 200] [--warmup 20]

Run it with any Python 3.12+. wagtail-lms and Lectern cannot share a project
(both define a CoursePage, and it needs its own URLs and settings), so it runs
in a throwaway virtualenv and project outside the repository:

1. Unless wagtail_lms is importable, the script creates the virtualenv
   (LECTERN_PEER_VENV, default /tmp/wlms-venv: python -m venv, then
   pip install wagtail-lms==0.11.1, which brings Django and Wagtail) and runs
   itself again with that virtualenv's Python.
2. It writes a minimal Django project (LECTERN_PEER_PROJECT, default
   /tmp/wlms-project): the settings and base template of the package's
   example project with DEBUG off and Lectern's bench stand-ins (local-memory
   cache, MD5 hasher, SQLite with WAL), and migrates its SQLite database.
3. It generates the data once (kept in that database, found again by a marker
   user): 300 wagtail_lms CoursePages of 48 H5PLessonPages each (wagtail-lms
   has no modules; lessons are the course's children), 10,000 users with
   CourseEnrollment rows in two or three courses and H5PLessonCompletion rows
   for the lessons they finished (bench/content.py's enrolment plan, the same
   as Lectern's).
4. It measures an enrolled learner's lesson page (the 25th lesson of the most
   popular course, half done) and that course's page, and prints one JSON
   object as the last line of stdout.

With DATABASE_URL=postgres://... it uses PostgreSQL instead (psycopg is
installed into the virtualenv when the database is PostgreSQL).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
PEER_REQUIREMENT = "wagtail-lms==0.11.1"
VENV_DIR = Path(os.environ.get("LECTERN_PEER_VENV", "/tmp/wlms-venv"))
PEER_PROJECT_DIR = Path(os.environ.get("LECTERN_PEER_PROJECT", "/tmp/wlms-project"))
SETTINGS_MODULE = "wlms_bench_site.settings"

DATA_VERSION = 1
COURSES = 300
LESSONS = 48
LEARNERS = 10_000
SEED = 3
MEASURED_LESSON_INDEX = LESSONS // 2
MARKER_USERNAME = f"peer-data-v{DATA_VERSION}-{COURSES}x{LESSONS}-{LEARNERS}"

SETTINGS = '''\
"""
Settings for measuring wagtail-lms: its example project's apps, middleware
and templates, with DEBUG off and the stand-ins of Lectern's bench settings.
Written by bench/peer_wagtail_lms.py in the Lectern repository.
"""

import os
from pathlib import Path
from urllib.parse import urlparse

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "peer-bench-only-insecure-key-0123456789abcdefghijklmnopqrstuvwxyz"
DEBUG = False
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "wagtail_lms",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "wlms_bench_site.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL.startswith(("postgres://", "postgresql://")):
    url = urlparse(DATABASE_URL)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": url.path.lstrip("/"),
            "USER": url.username or "",
            "PASSWORD": url.password or "",
            "HOST": url.hostname or "",
            "PORT": str(url.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }
    INSTALLED_APPS.append("django.contrib.postgres")
else:
    # As Lectern's bench settings: a file of its own, WAL, immediate transactions.
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "peer.sqlite3",
            "CONN_MAX_AGE": 0,
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
WAGTAIL_SITE_NAME = "Wagtail LMS bench"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
'''

URLS = """\
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("lms/", include("wagtail_lms.urls")),
    path("", include(wagtail_urls)),
]
"""

# The example project's base template (header, navigation, footer), without
# its inline style sheet.
BASE_TEMPLATE = """\
{% load static wagtailcore_tags %}
<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="UTF-8">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <title>{% block title %}{{ page.title|default:"Wagtail LMS" }}{% endblock %}</title>
    <link rel="stylesheet" href="{% static 'wagtail_lms/css/course.css' %}">
    {% block extra_css %}{% endblock %}
</head>
<body>
    <header class="header"><h1><a href="/">Wagtail LMS</a></h1></header>
    <nav class="nav"><a href="/">Home</a> <a href="/admin/">Wagtail Admin</a></nav>
    <main>
        {% for message in messages %}<p class="message">{{ message }}</p>{% endfor %}
        {% block content %}{% endblock %}
    </main>
    <footer class="footer"><p>Powered by Django, Wagtail and wagtail-lms</p></footer>
    {% block extra_js %}{% endblock %}
</body>
</html>
"""


def log(message, *args):
    print(message % args if args else message, file=sys.stderr, flush=True)


def peer_installed():
    try:
        import wagtail_lms  # noqa: F401
    except ImportError:
        return False
    return True


def uses_postgres():
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def ensure_venv(venv):
    """Create the peer's virtualenv unless it exists; return its Python."""
    python = venv / "bin" / "python"
    if not python.exists():
        log("peer: creating %s with %s", venv, PEER_REQUIREMENT)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", PEER_REQUIREMENT], check=True
        )
    if uses_postgres():
        probe = subprocess.run([str(python), "-c", "import psycopg"], capture_output=True)
        if probe.returncode:
            subprocess.run(
                [str(python), "-m", "pip", "install", "--quiet", "psycopg[binary]"], check=True
            )
    return python


def write_project(project):
    site = project / "wlms_bench_site"
    (project / "templates").mkdir(parents=True, exist_ok=True)
    site.mkdir(parents=True, exist_ok=True)
    for path, text in [
        (site / "__init__.py", ""),
        (site / "settings.py", SETTINGS),
        (site / "urls.py", URLS),
        (project / "templates" / "base.html", BASE_TEMPLATE),
    ]:
        if not path.exists() or path.read_text() != text:
            path.write_text(text)


def setup_django(project):
    sys.path[:0] = [str(project), str(REPO_DIR)]
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    return time.perf_counter() - started


def generate():
    """The peer's data set, same size and words as Lectern's (see the module docstring)."""
    import random
    import uuid
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.utils import timezone
    from django.utils.text import slugify
    from wagtail.models import Page
    from wagtail_lms.models import CourseEnrollment, CoursePage, H5PLessonCompletion, H5PLessonPage

    from bench import content
    from bench.pagetree import add_children, insert_pages, next_child_position, place
    from bench.pagetree import publish_revisions as publish

    rng = random.Random(SEED)
    when = timezone.now() - timedelta(days=200)
    home = Page.objects.get(depth=2)  # Wagtail's initial "Welcome" page, the site root
    first = next_child_position(home)

    step = time.perf_counter()
    courses, lessons_by_course, pages = [], [], []
    for index in range(COURSES):
        title = content.course_title(index)
        course = place(
            CoursePage(
                title=title,
                slug=f"{slugify(title)}-{index + 1}",
                description=content.course_description(rng),
            ),
            parent=home,
            position=first + index,
            numchild=LESSONS,
        )
        lessons = []
        for n in range(LESSONS):
            lesson_title = content.lesson_title(n // 6, n % 6)
            lessons.append(
                place(
                    H5PLessonPage(
                        title=lesson_title,
                        slug=f"lesson-{n // 6 + 1}-{n % 6 + 1}",
                        body=lesson_body(content, content.lesson_rng(index, n), lesson_title, uuid),
                    ),
                    parent=course,
                    position=n + 1,
                )
            )
        courses.append(course)
        lessons_by_course.append(lessons)
        pages += [course, *lessons]
    insert_pages(pages)
    publish(pages)
    add_children(home, len(courses))
    log(
        "peer data: %d courses, %d lessons in %.1f s",
        len(courses),
        len(pages) - len(courses),
        time.perf_counter() - step,
    )

    step = time.perf_counter()
    password = make_password("bench-password")
    users = User.objects.bulk_create(
        [
            User(
                username=f"learner{i + 1:05d}",
                email=f"learner{i + 1:05d}@bench.test",
                password=password,
                date_joined=when,
            )
            for i in range(LEARNERS)
        ],
        batch_size=1000,
    )
    plan = content.enrolment_plan(
        rng, learners=LEARNERS, courses=COURSES, lessons_per_course=LESSONS
    )
    enrollments, completions = [], []
    counts = [0, 0]
    for learner, course_index, done, completed in plan:
        user_id = users[learner].pk
        enrolled_at = when + timedelta(days=rng.randint(0, 150), minutes=rng.randint(0, 1440))
        enrollments.append(
            CourseEnrollment(
                user_id=user_id,
                course_id=courses[course_index].pk,
                completed_at=enrolled_at + timedelta(days=30) if completed else None,
            )
        )
        completions += [
            H5PLessonCompletion(user_id=user_id, lesson_id=lesson.pk)
            for lesson in lessons_by_course[course_index][:done]
        ]
        if len(completions) >= 20_000:
            counts[1] += len(H5PLessonCompletion.objects.bulk_create(completions, batch_size=2000))
            completions.clear()
    counts[0] = len(CourseEnrollment.objects.bulk_create(enrollments, batch_size=1000))
    counts[1] += len(H5PLessonCompletion.objects.bulk_create(completions, batch_size=2000))
    log(
        "peer data: %d users, %d enrolments, %d lesson completions in %.1f s",
        len(users),
        counts[0],
        counts[1],
        time.perf_counter() - step,
    )


def lesson_body(content, rng, title, uuid):
    """The Lectern lesson's words as wagtail-lms paragraphs (it has rich text and H5P only)."""
    body = []
    for block in content.lesson_blocks(rng, title):
        if block.kind == "heading":
            html = f"<h2>{block.text}</h2>"
        elif block.kind == "callout":
            html = f"<p><b>{block.title}</b></p>{block.text}"
        else:
            html = block.text
        body.append({"type": "paragraph", "value": html, "id": str(uuid.uuid4())})
    return body


def ensure_data():
    from django.contrib.auth.models import User
    from django.db import connection, transaction

    if User.objects.filter(username=MARKER_USERNAME).exists():
        return 0.0
    from wagtail_lms.models import CoursePage

    if CoursePage.objects.exists():
        raise RuntimeError(
            f"{PEER_PROJECT_DIR} holds another version of the peer data; delete its "
            "peer.sqlite3 (or the PostgreSQL database) and run again."
        )
    started = time.perf_counter()
    with transaction.atomic():
        generate()
        User.objects.create(username=MARKER_USERNAME, is_active=False)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load (and as for Lectern)
    return time.perf_counter() - started


def measure(n, warmup, show_sql):
    import django
    import wagtail
    from django.contrib.auth.models import User
    from django.db import connection
    from wagtail_lms.models import CoursePage, H5PLessonPage

    from bench.timing import capture_queries, client, time_get

    learner = User.objects.get(username="learner00001")
    course = CoursePage.objects.order_by("path").first()
    lesson = H5PLessonPage.objects.child_of(course).order_by("path")[MEASURED_LESSON_INDEX]
    browser = client(learner)
    figures = {}
    for name, url in [("lesson", lesson.url), ("course", course.url)]:
        figures[name] = {"url": url, **time_get(url, browser=browser, n=n, warmup=warmup)}
        if show_sql:
            figures[name]["sql"] = [
                query["sql"][:160] for query in capture_queries(lambda u=url: browser.get(u))
            ]
    if connection.vendor == "sqlite":
        import sqlite3

        database = f"sqlite {sqlite3.sqlite_version}"
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            database = cursor.fetchone()[0].split(",")[0]
    from importlib.metadata import version

    return {
        "peer": f"wagtail-lms {version('wagtail-lms')}",
        "python": sys.version.split()[0],
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "database": database,
        "data": {
            "courses": CoursePage.objects.count(),
            "lessons": H5PLessonPage.objects.count(),
            "learners": User.objects.filter(is_active=True).count(),
        },
        **figures,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description="Measure wagtail-lms 0.11.1's lesson page.")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--sql", action="store_true", help="list each page's SQL in the JSON")
    args = parser.parse_args(argv)

    if not peer_installed():
        python = ensure_venv(VENV_DIR)
        # Run again in the peer's virtualenv (a fixed interpreter path, no shell).
        os.execv(python, [str(python), __file__, *(sys.argv[1:] if argv is None else argv)])  # noqa: S606
    if uses_postgres():
        ensure_venv(Path(sys.prefix))

    write_project(PEER_PROJECT_DIR)
    migrate_seconds = setup_django(PEER_PROJECT_DIR)
    generate_seconds = ensure_data()
    report = measure(args.n, args.warmup, args.sql)
    report["migrate_seconds"] = round(migrate_seconds, 1)
    report["generate_seconds"] = round(generate_seconds, 1)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
