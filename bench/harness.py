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

Two optional hooks run outside that transaction, so what they write is
committed:

- prepare(ctx), before run(ctx): for a large data set that is generated once
  and kept in the bench database between runs (bench_courses), or rows that
  another process must see.
- run_live(ctx), after run(ctx): figures measured against a live server in
  another process (gunicorn), which can only see committed rows. It returns
  result rows like run(ctx) and removes what it committed.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS
from django.test import TestCase

# The measuring procedure lives in bench/timing.py (Django only, so the peer
# benchmark can share it); re-exported here for the benchmark modules.
from bench.timing import (
    DEFAULT_N,
    DEFAULT_WARMUP,
    Timing,
    capture_queries,
    client,
    count_queries,
    measure,
    percentile,
    time_get,
)
from lms.accounts.models import User

__all__ = [
    "DEFAULT_N",
    "DEFAULT_WARMUP",
    "BenchContext",
    "Timing",
    "capture_queries",
    "client",
    "count_queries",
    "make_user",
    "measure",
    "on_commit_callbacks",
    "percentile",
    "result",
    "time_get",
]


@dataclass
class BenchContext:
    """
    What run(ctx) receives. n and warmup are the run-wide sample sizes
    (bench/run.py --n/--warmup lower them for a quick smoke run); benchmarks
    use them rather than their own constants unless a figure needs otherwise.
    """

    n: int = DEFAULT_N
    warmup: int = DEFAULT_WARMUP


def on_commit_callbacks(using=DEFAULT_DB_ALIAS):
    """
    Context manager that runs the on_commit callbacks registered inside it when
    it exits, as a real commit would; needed because run.py holds every module
    in a transaction that never commits.
    """
    return TestCase.captureOnCommitCallbacks(using=using, execute=True)


def make_user(email, *roles, **fields):
    """A user with the given role names (Group names from lms.accounts.roles.Role)."""
    user = User.objects.create_user(email, password="bench-password", **fields)  # noqa: S106
    if roles:
        user.groups.add(*Group.objects.filter(name__in=roles))
        missing = set(roles) - set(user.groups.values_list("name", flat=True))
        if missing:
            raise LookupError(f"No such role group(s): {sorted(missing)}")
    return user


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
