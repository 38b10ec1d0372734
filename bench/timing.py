"""
How a benchmark figure is measured: warm up, count one request's queries,
then time n requests with time.perf_counter and take the median and p95.

Only Django is imported here (no Lectern code), so that
bench/peer_wagtail_lms.py measures the peer project with exactly the same
procedure in its own virtualenv. bench/harness.py re-exports these helpers;
benchmark modules import them from there.
"""

import gc
import statistics
import time
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

# Defaults for one figure: enough samples for a stable p95, enough warm-up to
# fill template, URL and ORM caches before the clock starts.
DEFAULT_N = 200
DEFAULT_WARMUP = 20


@dataclass(frozen=True)
class Timing:
    median_ms: float
    p95_ms: float
    n: int


def percentile(samples, pct):
    """The pct-th percentile of samples (inclusive method, as the figures use)."""
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[pct - 1]


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
    return Timing(median_ms=statistics.median(samples), p95_ms=percentile(samples, 95), n=n)


def count_queries(fn, using=DEFAULT_DB_ALIAS):
    """Call fn once and return how many SQL queries it ran (DEBUG need not be on)."""
    return len(capture_queries(fn, using=using))


def capture_queries(fn, using=DEFAULT_DB_ALIAS):
    """Call fn once and return the SQL it ran, as CaptureQueriesContext lists it."""
    with CaptureQueriesContext(connections[using]) as captured:
        fn()
    return captured.captured_queries


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
