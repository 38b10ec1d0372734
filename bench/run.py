"""
Run Lectern's benchmarks and print their figures.

    .venv/bin/python bench/run.py                 # every bench/bench_*.py
    .venv/bin/python bench/run.py foundation      # only bench/bench_foundation.py
    .venv/bin/python bench/run.py --n 20 --warmup 2   # quick smoke run

Works from any working directory. Settings default to lms_site.settings.bench
(DJANGO_SETTINGS_MODULE wins when set). The bench database is migrated first;
each module then runs inside a transaction that is rolled back, so modules
never see each other's rows (a module's optional prepare/run_live hooks run
outside it: bench/harness.py). Results go to stdout and bench/results/latest.json.
See docs/benchmarks.md for how to read them.
"""

import argparse
import importlib
import json
import os
import platform
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
DATA_DIR = BENCH_DIR / ".data"

# "python bench/run.py" puts bench/ on sys.path, not the project; the bench
# package (and lms, for a checkout that is not pip-installed) lives there.
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))


def available_modules():
    return sorted(path.stem.removeprefix("bench_") for path in BENCH_DIR.glob("bench_*.py"))


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Run Lectern's benchmarks.")
    parser.add_argument(
        "names",
        nargs="*",
        help="benchmark modules to run, by the part after bench_ (default: all)",
    )
    parser.add_argument("--n", type=int, default=None, help="samples per figure (default 200)")
    parser.add_argument("--warmup", type=int, default=None, help="warm-up calls (default 20)")
    parser.add_argument("--list", action="store_true", help="list the modules and stop")
    args = parser.parse_args(argv)
    known = available_modules()
    unknown = [name for name in args.names if name not in known]
    if unknown:
        parser.error(f"no such benchmark(s): {', '.join(unknown)}; known: {', '.join(known)}")
    return args


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cpu_quota():
    """The cgroup v2 CPU limit in cores ("max" when unlimited), if the kernel exposes one."""
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
    except (OSError, ValueError):
        return "n/a"
    return quota if quota == "max" else f"{int(quota) / int(period):g}"


def machine_facts():
    import django
    import wagtail
    from django.db import connection

    try:
        usable_cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        usable_cpus = os.cpu_count()
    try:
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        load = None
    return {
        "cpu": cpu_model(),
        "nproc": usable_cpus,
        "cgroup_cpu_quota": cpu_quota(),
        "load_average": load,
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "database": f"{connection.vendor} {database_version(connection)}",
        "settings": os.environ["DJANGO_SETTINGS_MODULE"],
        "platform": platform.platform(),
    }


def database_version(connection):
    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        return cursor.fetchone()[0].split(",")[0]


def prepare_database():
    from django.core.management import call_command

    DATA_DIR.mkdir(exist_ok=True)
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    return time.perf_counter() - started


def run_module(name, ctx):
    """
    Import bench_<name> and call its run(ctx) in a transaction that is rolled
    back; its optional prepare(ctx) before and run_live(ctx) after run outside
    that transaction (see bench/harness.py).
    """
    from django.db import transaction

    module = importlib.import_module(f"bench.bench_{name}")
    if hasattr(module, "prepare"):
        module.prepare(ctx)
    with transaction.atomic():
        try:
            results = list(module.run(ctx))
        finally:
            transaction.set_rollback(True)
    if hasattr(module, "run_live"):
        try:
            results.extend(module.run_live(ctx))
        except Exception as exc:
            # Keep run()'s figures: the module still counts as failed.
            exc.partial_results = results
            raise
    for row in results:
        missing = {"name", "median_ms", "p95_ms", "queries", "n"} - row.keys()
        if missing:
            raise ValueError(f"bench_{name}: result {row!r} lacks {sorted(missing)}")
        row.setdefault("notes", "")
    return results


def format_table(rows):
    headers = ["benchmark", "median ms", "p95 ms", "queries", "n", "notes"]
    body = [
        [
            f"{row['module']}: {row['name']}",
            f"{row['median_ms']:.2f}",
            f"{row['p95_ms']:.2f}",
            "-" if row["queries"] is None else str(row["queries"]),
            str(row["n"]),
            row["notes"],
        ]
        for row in rows
    ]
    widths = [max(len(cells[i]) for cells in [headers, *body]) for i in range(len(headers))]
    numeric = {1, 2, 3, 4}

    def line(cells):
        return "  ".join(
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(cells) for cells in body)])


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.list:
        print("\n".join(available_modules()))
        return 0

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms_site.settings.bench")
    import django

    django.setup()

    from bench.harness import DEFAULT_N, DEFAULT_WARMUP, BenchContext

    ctx = BenchContext(
        n=args.n if args.n is not None else DEFAULT_N,
        warmup=args.warmup if args.warmup is not None else DEFAULT_WARMUP,
    )
    migrate_seconds = prepare_database()
    machine = machine_facts()
    started_at = datetime.now(UTC)

    print("Lectern benchmarks")
    for key, value in machine.items():
        print(f"  {key:<17} {value}")
    print(f"  {'started':<17} {started_at:%Y-%m-%d %H:%M:%S} UTC")
    print(f"  {'migrate':<17} {migrate_seconds:.1f} s")
    print()

    names = args.names or available_modules()
    rows, failures = [], []
    for name in names:
        module_started = time.perf_counter()
        print(f"running {name} ...", flush=True)
        try:
            results = run_module(name, ctx)
        except Exception as exc:
            failures.append(name)
            traceback.print_exc()
            rows.extend({"module": name, **row} for row in getattr(exc, "partial_results", []))
            continue
        rows.extend({"module": name, **row} for row in results)
        print(f"  {len(results)} figure(s) in {time.perf_counter() - module_started:.1f} s")

    print()
    print(format_table(rows) if rows else "(no figures)")

    RESULTS_DIR.mkdir(exist_ok=True)
    report = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "duration_seconds": round((datetime.now(UTC) - started_at).total_seconds(), 1),
        "machine": machine,
        "modules": names,
        "failed": failures,
        "results": rows,
    }
    output = RESULTS_DIR / "latest.json"
    output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwrote {output}")
    if failures:
        print(f"FAILED: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
