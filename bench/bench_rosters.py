"""
Rosters (issue 4): a roster for one cohort, checked (dry run) then applied,
10,000 and 100,000 rows of Lectern's template (generated once under
bench/.data/, every row a new person with an organisation, department, job
title, employee id and due date).

Three ways of loading the same file, each from the same starting database
(a savepoint rolled back after each):

- Lectern: lms.rosters.services.start_roster_import (the dry run: stream,
  check in chunks of 1,000, store every row's outcome) then apply_roster (one
  transaction, bulk inserts per chunk).
- django-import-export's default per-row import: a ModelResource for User and
  one for Enrollment, each import_data(dry_run=True) then
  import_data(dry_run=False), as its admin does. Slow, so it runs on the
  smallest file only (LECTERN_SKIP_IMPORT_EXPORT=1 leaves it out).
- A plain bulk_create of the same rows (users, roles, enrolments; no checks
  at all): the floor.

The 10,000-row cohort is then exported as CSV and XLSX (django-import-export's
resource and formats, as the admin does). Then the peak Python memory
(tracemalloc) of Lectern's path on 10,000 and on 100,000 rows, measured in
separate runs because tracemalloc slows Python down: flat memory means the
two peaks are close.

LECTERN_ROSTER_SIZES (default "10000,100000") and LECTERN_ROSTER_REPEAT
(default 3, samples of each 10,000-row timing) tune the run.
"""

import csv
import datetime
import gc
import os
import random
import statistics
import time
import tracemalloc
import unicodedata
from contextlib import contextmanager
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.files import File
from django.db import connection, transaction
from import_export import resources
from import_export.fields import Field
from import_export.formats.base_formats import CSV
from import_export.widgets import DateWidget, ForeignKeyWidget

from bench.harness import make_user, result
from lms.accounts.models import Organisation, User
from lms.accounts.roles import Role
from lms.cohorts.models import Cohort, CohortStatus, Enrollment, EnrollmentSource
from lms.courses.models import CourseIndexPage, CoursePage
from lms.rosters.columns import TEMPLATE_COLUMNS
from lms.rosters.services import apply_roster, export_roster, start_roster_import
from lms.rosters.writing import unusable_password

DATA_DIR = Path(__file__).resolve().parent / ".data"
SIZES = [int(n) for n in os.environ.get("LECTERN_ROSTER_SIZES", "10000,100000").split(",")]
REPEAT = int(os.environ.get("LECTERN_ROSTER_REPEAT", "3"))
TARGETS_SECONDS = {10_000: 10, 100_000: 90}

ORGANISATIONS = ["northwind", "southwind", "contoso", "fabrikam", "initech"]
FIRST = ["Ana", "Bo", "Chidi", "Dana", "Émile", "Fatima", "Goran", "Hana", "Ines", "Jonas", "Zoë"]
LAST = ["Ng", "Li", "Okafor", "Schmidt", "Dubois", "Haddad", "Novak", "Sato", "Silva", "O'Brien"]
DEPARTMENTS = ["Warehouse", "Sales", "Finance", "Operations", "Customer care", "IT"]
TITLES = ["Picker", "Team lead", "Analyst", "Manager", "Driver", "Engineer"]


def ascii_part(name):
    """An address part from a name: "Zoë" -> "zoe", "O'Brien" -> "obrien"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def roster_path(rows):
    """The bench roster of this many rows, written once."""
    DATA_DIR.mkdir(exist_ok=True)
    path = DATA_DIR / f"roster-{rows}.csv"
    if path.exists():
        return path
    rng = random.Random(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(TEMPLATE_COLUMNS)
        for n in range(rows):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            writer.writerow(
                [
                    f"{ascii_part(first)}.{ascii_part(last)}.{n}@example.com",
                    first,
                    last,
                    ORGANISATIONS[n % len(ORGANISATIONS)],
                    rng.choice(DEPARTMENTS),
                    rng.choice(TITLES),
                    f"E-{n:06d}",
                    (datetime.date(2026, 9, 1) + datetime.timedelta(days=n % 90)).isoformat(),
                ]
            )
    return path


def setup():
    for slug in ORGANISATIONS:
        Organisation.objects.create(name=slug.capitalize(), slug=slug)
    course = CourseIndexPage.objects.first().add_child(
        instance=CoursePage(
            title="Roster bench",
            slug="roster-bench",
            code="RB-1",
            summary="Bench.",
            course_type="technical",
        )
    )
    cohort = Cohort.objects.create(
        course=course, code="RB-001", name="Roster bench", status=CohortStatus.OPEN
    )
    coordinator = make_user("bench.coordinator@example.com", Role.COORDINATOR)
    return cohort, coordinator


@contextmanager
def rolled_back():
    """Run a load from the same database state each time."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def settle_constraints():
    """
    Run PostgreSQL's deferred foreign-key checks now, as a commit would: the
    bench rolls back, and would otherwise never pay for them. (SQLite checks
    its deferred constraints as it goes.)
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


# Lectern ----------------------------------------------------------------------------


def lectern_import(path, cohort, coordinator):
    """Dry run then apply; returns (check seconds, apply seconds, import)."""
    started = time.perf_counter()
    with path.open("rb") as handle:
        roster_import = start_roster_import(
            cohort=cohort, file=File(handle, name=path.name), by=coordinator, background=False
        )
    checked = time.perf_counter()
    roster_import = apply_roster(roster_import=roster_import, by=coordinator)
    settle_constraints()
    applied = time.perf_counter()
    roster_import.file.delete(save=False)  # the stored copy of the upload
    assert roster_import.new_enrolments == roster_import.rows_total, roster_import.error
    return checked - started, applied - checked, roster_import


# django-import-export, row by row ---------------------------------------------------


class UserResource(resources.ModelResource):
    organisation = Field(
        attribute="organisation",
        column_name="organisation",
        widget=ForeignKeyWidget(Organisation, "slug"),
    )

    class Meta:
        model = User
        import_id_fields = ("email",)
        fields = (
            "email",
            "first_name",
            "last_name",
            "organisation",
            "department",
            "job_title",
            "employee_id",
        )

    def before_save_instance(self, instance, row, **kwargs):
        instance.is_active = False
        instance.set_unusable_password()

    def after_save_instance(self, instance, row, **kwargs):
        if not kwargs.get("dry_run"):
            instance.groups.add(Group.objects.get(name=Role.LEARNER))


class EnrollmentResource(resources.ModelResource):
    learner = Field(
        attribute="learner", column_name="email", widget=ForeignKeyWidget(User, "email")
    )
    due_date = Field(attribute="due_date", column_name="due_date", widget=DateWidget("%Y-%m-%d"))

    class Meta:
        model = Enrollment
        import_id_fields = ()
        fields = ("learner", "due_date")

    def __init__(self, cohort):
        super().__init__()
        self.cohort = cohort

    def before_save_instance(self, instance, row, **kwargs):
        instance.cohort = self.cohort
        instance.course_id = self.cohort.course_id
        instance.source = EnrollmentSource.IMPORT


def import_export_import(path, cohort):
    """Both resources, dry run then real, as the import-export admin does."""
    dataset = CSV().create_dataset(path.read_text(encoding="utf-8"))
    for resource in (UserResource(), EnrollmentResource(cohort)):
        for dry_run in (True, False):
            outcome = resource.import_data(dataset, dry_run=dry_run, raise_errors=True)
            assert not outcome.has_errors() and not outcome.has_validation_errors()
    settle_constraints()


# A plain bulk_create ----------------------------------------------------------------


def plain_bulk_create(path, cohort):
    organisations = dict(Organisation.objects.values_list("slug", "pk"))
    learner_group = Group.objects.get(name=Role.LEARNER).pk
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    people = User.objects.bulk_create(
        [
            User(
                email=row["email"],
                first_name=row["first_name"],
                last_name=row["last_name"],
                organisation_id=organisations[row["organisation"]],
                department=row["department"],
                job_title=row["job_title"],
                employee_id=row["employee_id"],
                is_active=False,
                password=unusable_password(),
            )
            for row in rows
        ],
        batch_size=1000,
    )
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=person.pk, group_id=learner_group) for person in people],
        batch_size=1000,
    )
    Enrollment.objects.bulk_create(
        [
            Enrollment(
                learner_id=person.pk,
                cohort_id=cohort.pk,
                course_id=cohort.course_id,
                source=EnrollmentSource.IMPORT,
                due_date=datetime.date.fromisoformat(row["due_date"]),
            )
            for person, row in zip(people, rows, strict=True)
        ],
        batch_size=1000,
    )
    settle_constraints()


# Measuring -------------------------------------------------------------------------


@contextmanager
def counting_queries():
    """Count SQL statements cheaply (no SQL text kept, unlike CaptureQueriesContext)."""
    counter = [0]

    def count(execute, sql, params, many, context):
        counter[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield counter


def timed(fn, n):
    """n samples of fn, each from the same database state: [(seconds, fn's result)], queries."""
    samples = []
    for _ in range(n):
        gc.collect()
        with rolled_back(), counting_queries() as queries:
            started = time.perf_counter()
            extra = fn()
            samples.append((time.perf_counter() - started, extra))
    return samples, queries[0]


def peak_memory(fn):
    gc.collect()
    tracemalloc.start()
    try:
        with rolled_back():
            fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def export_figures(cohort, coordinator):
    """A 10,000-enrolment roster exported through django-import-export's resource and formats."""
    size = min(SIZES)
    figures = []
    with rolled_back():
        lectern_import(roster_path(size), cohort, coordinator)
        for fmt in ("csv", "xlsx"):
            samples, queries = timed(
                lambda fmt=fmt: export_roster(
                    cohort=cohort, by=coordinator, fmt=fmt, filters={"status": "all"}
                ),
                REPEAT,
            )
            content = samples[0][1][0]
            figures.append(
                row(
                    f"export {size:,} enrolments as {fmt.upper()}",
                    [seconds for seconds, _extra in samples],
                    f"RosterResource + import-export {fmt.upper()} format, formulas "
                    f"neutralised; {len(content) / 2**20:.1f} MiB",
                    n=REPEAT,
                    queries=queries,
                )
            )
    return figures


def row(name, seconds, notes, n=1, queries=None):
    ms = [s * 1000 for s in seconds]
    return result(
        name, median_ms=statistics.median(ms), p95_ms=max(ms), queries=queries, n=n, notes=notes
    )


def run(ctx):
    cohort, coordinator = setup()
    results = []
    lectern_seconds = {}
    for size in SIZES:
        path = roster_path(size)
        repeat = REPEAT if size <= 10_000 else 1
        lectern, queries = timed(lambda p=path: lectern_import(p, cohort, coordinator), repeat)
        totals = [total for total, _extra in lectern]
        checks = [extra[0] for _total, extra in lectern]
        applies = [extra[1] for _total, extra in lectern]
        lectern_seconds[size] = statistics.median(totals)
        target = TARGETS_SECONDS.get(size)
        verdict = ""
        if target:
            verdict = f"; target <= {target} s: {'met' if max(totals) <= target else 'MISSED'}"
        results.append(
            row(
                f"Lectern dry run + apply, {size:,} rows",
                totals,
                f"dry run {statistics.median(checks):.2f} s + apply "
                f"{statistics.median(applies):.2f} s{verdict}",
                n=repeat,
                queries=queries,
            )
        )
        bulk, queries = timed(lambda p=path: plain_bulk_create(p, cohort), repeat)
        bulk = [total for total, _extra in bulk]
        results.append(
            row(
                f"plain bulk_create, {size:,} rows",
                bulk,
                "no checks; Lectern / bulk_create = "
                f"{lectern_seconds[size] / statistics.median(bulk):.1f}x",
                n=repeat,
                queries=queries,
            )
        )
        if size == min(SIZES) and not os.environ.get("LECTERN_SKIP_IMPORT_EXPORT"):
            per_row, queries = timed(lambda p=path: import_export_import(p, cohort), 1)
            per_row = [total for total, _extra in per_row]
            results.append(
                row(
                    f"django-import-export per-row, {size:,} rows",
                    per_row,
                    "User then Enrollment resource, dry run then import; "
                    f"Lectern / import-export = {lectern_seconds[size] / per_row[0]:.2f}x "
                    f"({per_row[0] / lectern_seconds[size]:.1f}x slower than Lectern)",
                    queries=queries,
                )
            )

    results.extend(export_figures(cohort, coordinator))

    peaks = {}
    for size in SIZES:
        path = roster_path(size)
        peaks[size] = peak_memory(lambda p=path: lectern_import(p, cohort, coordinator))
    smallest = min(SIZES)
    for size in SIZES:
        results.append(
            result(
                f"Lectern peak memory, {size:,} rows",
                median_ms=0,
                p95_ms=0,
                queries=None,
                n=1,
                notes=f"tracemalloc peak {peaks[size] / 2**20:.1f} MiB"
                + (
                    f" ({peaks[size] / peaks[smallest]:.2f}x the {smallest:,}-row peak)"
                    if size != smallest
                    else ""
                ),
            )
        )
    return results
