"""
Import a roster from the command line, with the same checks as the admin:

    python manage.py import_roster roster.csv --cohort COH-001 --dry-run
    python manage.py import_roster users.csv enrollments.csv --cohort COH-001

Exit status: 0 when the file was accepted (every row written, or already
enrolled); 1 when some rows were rejected (the others are written unless
--dry-run); 2 when nothing could be written (file refused, every row
rejected, or applying failed).
"""

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from lms.accounts.models import User
from lms.cohorts.models import Cohort
from lms.rosters.exceptions import RosterError
from lms.rosters.models import ImportStatus
from lms.rosters.services import apply_roster, start_roster_import

ACCEPTED, SOME_REJECTED, NOTHING_WRITTEN = 0, 1, 2


class Command(BaseCommand):
    help = "Check a roster file (CSV or XLSX) for a cohort and, unless --dry-run, apply it."

    def add_arguments(self, parser):
        parser.add_argument(
            "files",
            nargs="+",
            metavar="FILE",
            help="the roster; for Canvas users.csv and enrollments.csv",
        )
        parser.add_argument("--cohort", required=True, help="code of the cohort to enrol into")
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument(
            "--send-invitations", action="store_true", help="e-mail new people an invitation"
        )
        parser.add_argument("--by", metavar="EMAIL", help="record this person as the importer")

    def handle(self, *args, files, cohort, dry_run, send_invitations, by, **options):
        if len(files) > 2:
            raise CommandError(
                "Give one file, or a Canvas users.csv and enrollments.csv.", returncode=2
            )
        target = Cohort.objects.filter(code__iexact=cohort.strip()).first()
        if target is None:
            raise CommandError(f"There is no cohort with the code {cohort}.", returncode=2)
        actor = None
        if by:
            actor = User.objects.filter(email__iexact=by.strip()).first()
            if actor is None:
                raise CommandError(f"Nobody has the e-mail address {by}.", returncode=2)
        paths = [Path(name) for name in files]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"{path} is not a file.", returncode=2)

        handles = [path.open("rb") for path in paths]
        try:
            uploads = [
                File(handle, name=path.name) for handle, path in zip(handles, paths, strict=True)
            ]
            roster_import = start_roster_import(
                cohort=target,
                file=uploads[0],
                enrollments_file=uploads[1] if len(uploads) > 1 else None,
                by=actor,
                background=False,
            )
        except RosterError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        finally:
            for handle in handles:
                handle.close()

        self._summary(roster_import, "Checked")
        if roster_import.status == ImportStatus.REFUSED:
            raise CommandError(
                "The file was refused; nothing was written.", returncode=NOTHING_WRITTEN
            )
        if not dry_run and roster_import.rows_to_write:
            try:
                roster_import = apply_roster(
                    roster_import=roster_import, by=actor, send_invitations=send_invitations
                )
            except RosterError as exc:
                raise CommandError(
                    f"Nothing was written: {exc}", returncode=NOTHING_WRITTEN
                ) from exc
            self._summary(roster_import, "Applied")
        elif dry_run:
            self.stdout.write("Dry run: nothing was written.")

        if roster_import.rows_rejected and not roster_import.rows_accepted:
            raise CommandError(
                "Every row was rejected; nothing was written.", returncode=NOTHING_WRITTEN
            )
        if roster_import.rows_rejected:
            raise CommandError(
                f"{roster_import.rows_rejected} row(s) rejected"
                + ("." if dry_run else "; the other rows were written."),
                returncode=SOME_REJECTED,
            )

    def _summary(self, roster_import, verb):
        self.stdout.write(
            f"{verb} {roster_import.file_names} for {roster_import.cohort.code}"
            + (f" ({roster_import.get_format_display()})" if roster_import.format else "")
            + f", import #{roster_import.pk}: {roster_import.get_status_display()}"
        )
        if roster_import.status != ImportStatus.REFUSED:
            self.stdout.write(
                f"  rows: {roster_import.rows_total}, "
                f"new learners: {roster_import.rows_new_learner}, "
                f"existing learners: {roster_import.existing_learners}, "
                f"new enrolments: {roster_import.new_enrolments}, "
                f"already enrolled: {roster_import.rows_already_enrolled}, "
                f"rejected: {roster_import.rows_rejected}"
            )
        rejected = roster_import.rows.rejected().order_by("file_name", "line", "pk")
        if verb == "Applied" or not rejected.exists():
            return
        self.stdout.write("Rejected:")
        for row in rejected.iterator():
            place = (
                f"{row.file_name} line {row.line}"
                if roster_import.second_file_name
                else f"line {row.line}"
            )
            field = f", {row.field}" if row.field else ""
            self.stdout.write(f"  {place}{field}: {row.message}")
