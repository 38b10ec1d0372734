"""
Courses (issue 3, "Performance"): the catalogue, a course overview and a
lesson page, on a catalogue of 300 courses x 8 modules x 6 lessons with
10,000 learners and their progress (bench/data_courses.py, generated once
and kept in the bench database).

- Each page is timed in process like every other figure, and its query count
  is compared with the same page on small data (a filtered catalogue page; a
  course of 1 module x 2 lessons with one learner, created inside the
  rolled-back transaction): equal counts mean the page does not grow with the
  data.
- The peer, wagtail-lms 0.11.1, is measured in the same run on a data set of
  the same size by bench/peer_wagtail_lms.py in its own virtualenv
  (LECTERN_PEER_VENV, default /tmp/wlms-venv, created on first use; set
  LECTERN_SKIP_PEER=1 to leave it out).
- LECTERN_BENCH_SQL=1 prints the SQL of each Lectern page measured.
- run_live: the lesson page under gunicorn (2 sync workers, bench settings)
  with 8 concurrent clients on 127.0.0.1, for throughput and latency
  (LECTERN_SKIP_SERVER=1 leaves it out).
"""

import http.client
import json
import math
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.db import OperationalError, connection

from bench import data_courses as data
from bench.harness import client, percentile, result, time_get
from bench.timing import capture_queries
from lms.cohorts.models import Enrollment, EnrollmentSource, EnrollmentStatus
from lms.courses.models import CourseIndexPage, Skill
from lms.progress.models import LessonProgress

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
PEER_SCRIPT = BENCH_DIR / "peer_wagtail_lms.py"
PEER_VENV = Path(os.environ.get("LECTERN_PEER_VENV", "/tmp/wlms-venv"))
PEER_TIMEOUT_SECONDS = 1800  # the first run builds the virtualenv and the peer's data
PEER_DATABASE = "wlms_bench"

# The statement of the peer, used when it cannot be measured here.
STATED_PEER_MEDIAN_MS = 12.0
STATED_PEER_QUERIES = 15
TARGET_MEDIAN_MS = 12.0

# Pages slower than this are timed SLOW_PAGE_N times only (the run would take hours).
SLOW_PAGE_SECONDS = 0.25
SLOW_PAGE_N = 10

SERVER_WORKERS = 2
SERVER_CLIENTS = 8
SERVER_TIME_LIMIT_SECONDS = 180

SMALL_INDEX = 9_999  # outside the numbered series
SMALL_CODE, SMALL_SLUG = "BN-SMALL", "bench-small-course"


def log(message, *args):
    print("  " + (message % args if args else message), flush=True)


def prepare(ctx):
    seconds = data.ensure_dataset(log=log)
    if seconds:
        log("generated the courses data set in %.0f s (kept for later runs)", seconds)


def run(ctx):
    handles = data.handles()
    learner = handles.learner
    small_course, small_lesson = create_small_course(learner)
    anonymous, logged_in = client(), client(learner)
    volume = (
        f"300 courses, {handles.enrollments:,} enrolments, {handles.progress_rows:,} progress rows"
    )

    def figure(url, browser):
        # A page that takes seconds gets a handful of samples, not ctx.n
        # (judged on the fastest of three requests, so a cold start does not count).
        probes = []
        for _ in range(3):
            started = time.perf_counter()
            browser.get(url)
            probes.append(time.perf_counter() - started)
        slow = min(probes) > SLOW_PAGE_SECONDS
        n, warmup = (min(ctx.n, SLOW_PAGE_N), 0) if slow else (ctx.n, ctx.warmup)
        figures = time_get(url, browser=browser, n=n, warmup=warmup)
        if os.environ.get("LECTERN_BENCH_SQL"):
            log("SQL of GET %s:", url)
            for query in capture_queries(lambda: browser.get(url)):
                log("  %s", query["sql"][:220])
        return figures

    rows = []
    catalogue = figure("/courses/", anonymous)
    filtered_url = "/courses/?type=technical&difficulty=advanced"
    filtered = figure(filtered_url, anonymous)
    rows += [
        result("catalogue /courses/, anonymous", notes=f"page 1 of 300; {volume}", **catalogue),
        result(
            "catalogue filtered (type, level), anonymous",
            notes=same_queries(filtered, catalogue, "page 1"),
            **filtered,
        ),
        result(
            "catalogue /courses/, learner",
            notes="+ session, user, roles, permissions",
            **figure("/courses/", logged_in),
        ),
        result(
            "catalogue search ?q=safety, anonymous",
            notes="database search backend",
            **figure("/courses/?q=safety", anonymous),
        ),
    ]

    overview = figure(handles.course.url, logged_in)
    small_overview = figure(small_course.url, logged_in)
    lesson = figure(handles.lesson.url, logged_in)
    small = figure(small_lesson.url, logged_in)
    rows += [
        result(
            "course overview, enrolled learner",
            notes=f"48 lessons, half done; {same_queries(overview, small_overview, 'small')}",
            **overview,
        ),
        result("course overview, small course", notes="1 module x 2 lessons", **small_overview),
        result(
            "lesson page, enrolled learner",
            notes=f"lesson 25 of 48; {same_queries(lesson, small, 'small')}",
            **lesson,
        ),
        result("lesson page, small course", notes="lesson 2 of 2", **small),
    ]
    rows += peer_rows(ctx, lesson)
    return rows


def same_queries(figures, other, label):
    if figures["queries"] == other["queries"]:
        return f"same queries as {label}"
    return f"QUERIES DIFFER from {label} ({other['queries']})"


def create_small_course(learner):
    """A course of 1 module x 2 lessons, the learner on lesson 2 (rolled back with run())."""
    catalogue = CourseIndexPage.objects.get()
    built = data.create_courses(
        catalogue,
        [SMALL_INDEX],
        modules=1,
        lessons=2,
        rng=random.Random(data.SEED),
        skills=list(Skill.objects.order_by("pk")[:3]),
        codes={SMALL_INDEX: (SMALL_CODE, SMALL_SLUG)},
    )[0]
    course, first, second = built.course, *built.lessons
    Enrollment.objects.create(
        learner=learner,
        cohort=built.cohort,
        course=course,
        version=built.version,
        status=EnrollmentStatus.IN_PROGRESS,
        source=EnrollmentSource.SELF,
    )
    LessonProgress.objects.create(
        learner=learner, lesson=first, course=course, completed_at=first.first_published_at
    )
    return course, second


# The peer -----------------------------------------------------------------


def peer_rows(ctx, lectern_lesson):
    if os.environ.get("LECTERN_SKIP_PEER"):
        return []
    try:
        peer = run_peer(ctx)
    except PeerUnavailable as exc:
        notes = (
            f"NOT MEASURED ({exc}); the issue's figure instead, "
            f"Lectern/peer median = {lectern_lesson['median_ms'] / STATED_PEER_MEDIAN_MS:.2f}"
        )
        return [
            result(
                "peer wagtail-lms 0.11.1: lesson page (stated)",
                median_ms=STATED_PEER_MEDIAN_MS,
                p95_ms=math.nan,
                queries=STATED_PEER_QUERIES,
                n=0,
                notes=notes,
            )
        ]
    lesson, course = peer["lesson"], peer["course"]
    ratio = lectern_lesson["median_ms"] / lesson["median_ms"]
    figures = ("median_ms", "p95_ms", "queries", "n")
    return [
        result(
            "peer wagtail-lms 0.11.1: lesson page, enrolled",
            notes=f"Lectern/peer median = {ratio:.2f}; {short_database(peer)}, same data volume",
            **{key: lesson[key] for key in figures},
        ),
        result(
            "peer wagtail-lms 0.11.1: course page, enrolled",
            notes="48 lessons listed, completion ticks",
            **{key: course[key] for key in figures},
        ),
    ]


def short_database(peer):
    return " ".join(peer["database"].split()[:2])


class PeerUnavailable(Exception):
    pass


def run_peer(ctx):
    """Run bench/peer_wagtail_lms.py in the peer's virtualenv; return its JSON report."""
    python = PEER_VENV / "bin" / "python"
    # Without the virtualenv, the script builds it and runs itself again there.
    command = [str(python if python.exists() else sys.executable), str(PEER_SCRIPT)]
    command += ["--n", str(ctx.n), "--warmup", str(ctx.warmup)]
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.pop("DATABASE_URL", None)
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = peer_postgres_url()
    log("measuring the peer: %s", " ".join(command))
    try:
        completed = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=PEER_TIMEOUT_SECONDS,
            env=env,
            cwd=tempfile.gettempdir(),
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PeerUnavailable(type(exc).__name__) from exc
    for line in completed.stderr.splitlines()[-20:]:
        log("peer: %s", line)
    if completed.returncode:
        raise PeerUnavailable(f"exit status {completed.returncode}")
    try:
        return json.loads(completed.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError) as exc:
        raise PeerUnavailable("no JSON report") from exc


def peer_postgres_url():
    """The peer's own database on Lectern's PostgreSQL server, created when missing."""
    import psycopg

    url = urlparse(os.environ["DATABASE_URL"])
    params = settings.DATABASES["default"]
    with psycopg.connect(
        host=params["HOST"],
        port=params["PORT"] or 5432,
        user=params["USER"],
        password=params["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [PEER_DATABASE]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{PEER_DATABASE}"')
    return url._replace(path=f"/{PEER_DATABASE}").geturl()


# The live server ----------------------------------------------------------


def run_live(ctx):
    if os.environ.get("LECTERN_SKIP_SERVER"):
        return []
    handles = data.handles()
    session_key = create_session(handles.learner)
    try:
        with gunicorn() as server:
            path = handles.lesson.url
            status, _body = get(server.port, path, session_key)
            if status != 200:
                raise AssertionError(f"GET {path} under gunicorn returned {status}, expected 200")
            single = drive(server, path, session_key, total=ctx.n, clients=1)
            load = drive(server, path, session_key, total=10 * ctx.n, clients=SERVER_CLIENTS)
    finally:
        delete_session(session_key)
    return [
        result(
            f"lesson page, gunicorn, {clients} client{'s' if clients > 1 else ''}",
            median_ms=figures["p50_ms"],
            p95_ms=figures["p95_ms"],
            queries=None,
            n=figures["ok"],
            notes=(
                f"{figures['throughput']:.1f} req/s, {SERVER_WORKERS} sync workers, "
                f"{figures['server_cpu_ms']:.0f} ms server CPU/request, "
                f"machine {figures['machine_busy']:.0%} busy "
                f"({figures['server_share']:.0%} of it the server), "
                f"{figures['errors']} errors, {figures['seconds']:.1f} s"
            ),
        )
        for clients, figures in [(1, single), (SERVER_CLIENTS, load)]
    ]


def create_session(user):
    """A committed session logging user in, as the login view would leave it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save(must_create=True)
    return session.session_key


def delete_session(session_key):
    try:
        import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key).delete()
    except OperationalError as exc:
        # Another process holding the SQLite file must not cost the figures;
        # an expired bench session is harmless.
        log("could not delete the bench session %s: %s", session_key, exc)


@dataclass(frozen=True)
class Server:
    port: int
    pid: int

    def cpu_seconds(self):
        """CPU time used so far by the gunicorn master and its workers (Linux /proc)."""
        total = 0
        for pid in [self.pid, *self.children()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")

    def children(self):
        try:
            return Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        except OSError:
            return []


@contextmanager
def gunicorn():
    """Start gunicorn on a free local port with the bench settings; yield it; stop it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"],
        "DJANGO_SECRET_KEY": "bench-only-insecure-gunicorn-key-0123456789abcdefghij",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "lms_site.wsgi:application",
        f"--workers={SERVER_WORKERS}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
        "--timeout=60",
    ]
    with tempfile.TemporaryFile("w+") as output:
        process = subprocess.Popen(
            command, cwd=PROJECT_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            wait_until_up(port, process, output)
            yield Server(port=port, pid=process.pid)
        finally:
            process.terminate()  # the master stops its workers
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_up(port, process, output, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if get(port, "/health/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    output.seek(0)
    raise RuntimeError(f"gunicorn did not start: {output.read()[-2000:]}")


def get(port, path, session_key=None):
    """One GET on a fresh connection (sync workers close it after each response)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Cookie": f"sessionid={session_key}"} if session_key else {}
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def drive(server, path, session_key, *, total, clients):
    """
    total GETs from clients threads, each sending its next request when the
    previous one is answered, stopped early at SERVER_TIME_LIMIT_SECONDS.
    """
    for _ in range(2 * clients + SERVER_WORKERS):  # warm every worker's caches
        get(server.port, path, session_key)
    remaining = [total]
    lock = threading.Lock()
    latencies, errors = [], [0]
    deadline = time.monotonic() + SERVER_TIME_LIMIT_SECONDS

    def client_loop():
        while time.monotonic() < deadline:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            start = time.perf_counter()
            try:
                status, _body = get(server.port, path, session_key)
            except OSError:
                status = None
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=client_loop) for _ in range(clients)]
    started, cpu_before, machine_before = time.perf_counter(), server.cpu_seconds(), machine_cpu()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    server_cpu = server.cpu_seconds() - cpu_before
    machine_after = machine_cpu()
    busy, elapsed = (machine_after[i] - machine_before[i] for i in (0, 1))
    if not latencies:
        raise AssertionError(f"no successful request under gunicorn ({errors[0]} errors)")
    return {
        "ok": len(latencies),
        "errors": errors[0],
        "seconds": seconds,
        "throughput": len(latencies) / seconds,
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "server_cpu_ms": 1000 * server_cpu / max(1, len(latencies) + errors[0]),
        # How busy the whole machine was, and the server's share of that: on a
        # shared machine other processes take CPU the workers could have used.
        "machine_busy": busy / elapsed if elapsed else math.nan,
        "server_share": server_cpu / busy if busy else math.nan,
    }


def machine_cpu():
    """(busy, total) CPU seconds of all cores since boot, from /proc/stat (Linux)."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0.0, 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values) - idle) / ticks, sum(values) / ticks
