"""The demo academy's imported learners: the sample Northwind roster, imported once."""

from pathlib import Path

from django.conf import settings
from django.core.files import File

from lms.accounts.models import User
from lms.cohorts.models import Cohort
from lms.rosters.models import RosterImport
from lms.rosters.services import apply_roster, start_roster_import

SAMPLE = Path(settings.BASE_DIR) / "fixtures" / "rosters" / "northwind-sample.csv"
COHORT = "DP-101-NW-2026"


def import_sample_roster():
    """Import the sample roster (two of its rows are bad on purpose). Returns rows written."""
    cohort = Cohort.objects.filter(code=COHORT).first()
    coordinator = User.objects.filter(email="coordinator@lectern.test").first()
    if cohort is None or not SAMPLE.exists():
        return 0
    if RosterImport.objects.filter(cohort=cohort, file_name=SAMPLE.name).exists():
        return 0
    with SAMPLE.open("rb") as handle:
        roster_import = start_roster_import(
            cohort=cohort, file=File(handle, name=SAMPLE.name), by=coordinator, background=False
        )
    if not roster_import.rows_to_write:
        return 0
    roster_import = apply_roster(roster_import=roster_import, by=coordinator)
    return roster_import.rows_accepted
