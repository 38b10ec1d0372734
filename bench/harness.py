"""
Helpers for Lectern's benchmarks. A benchmark module is bench/bench_<name>.py
with a function run(ctx) that returns a list of result dicts, one per figure:

    {"name": ..., "median_ms": ..., "p95_ms": ..., "queries": ..., "n": ..., "notes": ...}

bench/run.py calls each run(ctx) inside a transaction that it rolls back
afterwards, so every module starts from the freshly migrated database and may
create whatever rows it needs without cleaning up. A consequence: callbacks
registered with transaction.on_commit (jobs.enqueue) do not fire on their own.
A benchmark that must pay for its jobs wraps the work in
on_commit_callbacks(), which runs them as a commit would.
"""

import gc
import statistics
import time
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext

from lms.accounts.models import User

# Defaults for one figure: enough samples for a stable p95, enough warm-up to
# fill template, URL and ORM caches before the clock starts.
DEFAULT_N = 200
DEFAULT_WARMUP = 20


@dataclass(frozen=True)
class Timing:
    median_ms: float
    p95_ms: float
    n: int


@dataclass
class BenchContext:
    """
    What run(ctx) receives. n and warmup are the run-wide sample sizes
    (bench/run.py --n/--warmup lower them for a quick smoke run); benchmarks
    use them rather than their own constants unless a figure needs otherwise.
    """

    n: int = DEFAULT_N
    warmup: int = DEFAULT_WARMUP


def measure(fn, n=DEFAULT_N, warmup=DEFAULT_WARMUP):
    """Call fn warmup times unmeasured, then n times; return median and p95 in ms."""
    if n < 2:
        raise ValueError("n must be at least 2 for a p95")
    for _ in range(warmup):
        fn()
    # Collect garbage left by set-up and warm-up so it is not charged to the
    # first samples; collection triggered by the measured calls themselves
    # stays in, as it would in production.
    gc.collect()
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(samples, n=100, method="inclusive")[94]
    return Timing(median_ms=statistics.median(samples), p95_ms=p95, n=n)


def count_queries(fn, using=DEFAULT_DB_ALIAS):
    """Call fn once and return how many SQL queries it ran (DEBUG need not be on)."""
    with CaptureQueriesContext(connections[using]) as captured:
        fn()
    return len(captured.captured_queries)


def on_commit_callbacks(using=DEFAULT_DB_ALIAS):
    """
    Context manager that runs the on_commit callbacks registered inside it when
    it exits, as a real commit would; needed because run.py holds every module
    in a transaction that never commits.
    """
    return TestCase.captureOnCommitCallbacks(using=using, execute=True)


def client(user=None):
    """
    An in-process test client that re-raises view exceptions instead of
    rendering the 500 page, so a broken page fails the run rather than being
    timed. With user, the client is logged in (force_login skips the hasher).
    """
    browser = Client(raise_request_exception=True)
    if user is not None:
        browser.force_login(user)
    return browser


def make_user(email, *roles, **fields):
    """A user with the given role names (Group names from lms.accounts.roles.Role)."""
    user = User.objects.create_user(email, password="bench-password", **fields)  # noqa: S106
    if roles:
        user.groups.add(*Group.objects.filter(name__in=roles))
        missing = set(roles) - set(user.groups.values_list("name", flat=True))
        if missing:
            raise LookupError(f"No such role group(s): {sorted(missing)}")
    return user


def time_get(url, *, browser=None, n=DEFAULT_N, warmup=DEFAULT_WARMUP, expect_status=200):
    """
    Time GET url through the test client (in process, full middleware stack).
    The response status is checked before timing, so a redirect to the login
    page or a 404 is never mistaken for the page. Returns a dict with
    median_ms, p95_ms, queries (one warm request) and n.
    """
    browser = browser or client()

    def get():
        response = browser.get(url)
        if response.status_code != expect_status:
            raise AssertionError(
                f"GET {url} returned {response.status_code}, expected {expect_status}"
            )
        return response

    # Warm up first so the query count is a steady-state request's, not the
    # first one's (which may fill the Site, content type or permission caches).
    for _ in range(warmup):
        get()
    queries = count_queries(get)
    timing = measure(get, n=n, warmup=0)
    return {"median_ms": timing.median_ms, "p95_ms": timing.p95_ms, "queries": queries, "n": n}


def result(name, *, median_ms, p95_ms, queries, n, notes=""):
    """One row of the results table (the shape run.py prints and stores)."""
    return {
        "name": name,
        "median_ms": round(median_ms, 3),
        "p95_ms": round(p95_ms, 3),
        "queries": queries,
        "n": n,
        "notes": notes,
    }
