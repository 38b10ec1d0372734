"""Checking and applying cost a fixed number of queries per chunk, whatever its size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.rosters.services import apply_roster
from tests.rosters.conftest import lectern_csv

pytestmark = pytest.mark.django_db


def roster(rows):
    return lectern_csv(
        *(f"r{rows}-p{n}@example.com,P,{n},northwind,,,,2026-09-30" for n in range(rows))
    )


def queries(fn):
    with CaptureQueriesContext(connection) as captured:
        result = fn()
    return len(captured.captured_queries), result


@pytest.mark.parametrize("chunks", [1, 3])
def test_query_count_depends_on_chunks_not_rows(
    upload, coordinator, organisation, monkeypatch, chunks
):
    monkeypatch.setattr("lms.rosters.checks.CHUNK_SIZE", 20)
    apply_roster(roster_import=upload(roster(1)), by=coordinator)  # warm the ContentType cache
    counts = {}
    for rows in (20 * chunks - 15, 20 * chunks):  # a partly filled last chunk, and a full one
        check_queries, roster_import = queries(lambda rows=rows: upload(roster(rows)))
        apply_queries, roster_import = queries(
            lambda imp=roster_import: apply_roster(roster_import=imp, by=coordinator)
        )
        assert roster_import.new_enrolments == rows
        counts[rows] = (check_queries, apply_queries)
    assert len(set(counts.values())) == 1, counts
