"""
Roster operations: upload and check (a dry run), apply (all or nothing), undo,
export. Each: permission → change (in a transaction where it must be all or
nothing) → audit event → jobs after commit.
"""

import itertools
import logging
import os
import re
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.accounts.roles import Role
from lms.audit.services import record
from lms.cohorts.models import (
    ACTIVE_STATUSES,
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentStatus,
)
from lms.core import jobs
from lms.progress.models import LessonProgress
from lms.rosters import checks
from lms.rosters.checks import RosterChecker
from lms.rosters.columns import Problem
from lms.rosters.exceptions import ApplyRefused, RosterError, RosterRefused, UndoRefused
from lms.rosters.models import ImportStatus, RosterImport, RosterImportRow, RowOutcome
from lms.rosters.reading import RosterReader
from lms.rosters.resources import RosterResource, render
from lms.rosters.writing import RosterWriter, unusable_password

logger = logging.getLogger(__name__)

ADD_PERMISSION = "rosters.add_rosterimport"
VIEW_PERMISSION = "rosters.view_rosterimport"
UNDO_PERMISSION = "rosters.change_rosterimport"

# Above these sizes the check and the apply run as background jobs, and the
# admin shows their progress. Settings may override them.
BACKGROUND_BYTES = 256 * 1024
BACKGROUND_ROWS = 2000


def _check(by, perm):
    if by is not None and not by.has_perm(perm):
        raise PermissionDenied(_("You do not have permission to do that."))


def _actor(by):
    return by if by is not None and by.is_authenticated else None


def background_bytes():
    return getattr(settings, "LECTERN_ROSTER_BACKGROUND_BYTES", BACKGROUND_BYTES)


def background_rows():
    return getattr(settings, "LECTERN_ROSTER_BACKGROUND_ROWS", BACKGROUND_ROWS)


def _refuse_closed(cohort, error=RosterError):
    if cohort.status == CohortStatus.CLOSED:
        raise error(
            _("Cohort %(code)s is closed: nobody can be added to it.") % {"code": cohort.code}
        )


# Upload and check --------------------------------------------------------------


def start_roster_import(*, cohort, file, enrollments_file=None, by=None, background=None):
    """
    Store an uploaded roster (and, for Canvas, its enrollments.csv) for a
    cohort and check it: at once for a small file, in a background job for a
    large one (background=None decides by size). Returns the RosterImport.
    """
    _check(by, ADD_PERMISSION)
    _refuse_closed(cohort)
    roster_import = RosterImport(cohort=cohort, uploaded_by=_actor(by))
    size = 0
    for file_field, name_field, upload in (
        ("file", "file_name", file),
        ("second_file", "second_file_name", enrollments_file),
    ):
        if upload is None:
            continue
        name = os.path.basename(upload.name or "roster.csv")[:255]
        setattr(roster_import, name_field, name)
        getattr(roster_import, file_field).save(name, upload, save=False)
        size += upload.size or 0
    roster_import.save()
    record(
        action="roster.uploaded",
        actor=by,
        target=roster_import,
        after={"cohort": cohort.code, "files": roster_import.file_names, "bytes": size},
    )
    if background is None:
        background = size > background_bytes()
    if background:
        jobs.enqueue("lms.rosters.jobs.check_roster_import", import_id=roster_import.pk)
        return roster_import
    return check_roster(roster_import=roster_import)


@contextmanager
def _opened(roster_import):
    files = [(roster_import.file_name, roster_import.file)]
    if roster_import.second_file:
        files.append((roster_import.second_file_name, roster_import.second_file))
    for _name, stored in files:
        stored.open("rb")
    try:
        yield files
    finally:
        for _name, stored in files:
            stored.close()


def check_roster(*, roster_import):
    """
    The dry run: read every row, decide what applying it would do (new
    learner, existing learner, new enrolment, already enrolled, rejected and
    why) and store those outcomes. Writes no person and no enrolment. Rows
    are streamed and checked in chunks, so memory stays flat as files grow;
    progress is saved after each chunk. Safe to run twice: a check that was
    interrupted starts again.
    """
    claimed = RosterImport.objects.filter(
        pk=roster_import.pk, status__in=[ImportStatus.QUEUED, ImportStatus.CHECKING]
    ).update(status=ImportStatus.CHECKING, progress_percent=0, rows_checked=0, error="")
    roster_import = RosterImport.objects.select_related("cohort", "cohort__course").get(
        pk=roster_import.pk
    )
    if not claimed:
        return roster_import
    roster_import.rows.all().discard()
    try:
        with _opened(roster_import) as files:
            reader = RosterReader(files)
            roster_import.format = reader.format
            RosterImport.objects.filter(pk=roster_import.pk).update(format=reader.format)
            checker = RosterChecker(roster_import.cohort)
            checked = 0
            for chunk in itertools.batched(reader.rows(), checks.CHUNK_SIZE):
                RosterImportRow.objects.bulk_create(
                    checker.check_chunk(chunk, roster_import), batch_size=checks.CHUNK_SIZE
                )
                checked += len(chunk)
                RosterImport.objects.filter(pk=roster_import.pk).update(
                    rows_checked=checked, progress_percent=min(99, int(reader.progress * 100))
                )
            if not checked:
                raise RosterRefused(
                    [
                        Problem(
                            files[0][0],
                            reader.headers[0].line,
                            "",
                            _("The file has a header line but no rows."),
                        )
                    ]
                )
    except RosterRefused as exc:
        _refuse(roster_import, exc.problems)
        return roster_import
    except Exception:
        logger.exception("checking roster import %s failed", roster_import.pk)
        roster_import.rows.all().discard()
        roster_import.status = ImportStatus.FAILED
        roster_import.error = _(
            "Checking the file failed unexpectedly (the error was logged). Nothing was written."
        )
        roster_import.save(update_fields=["status", "error"])
        raise
    roster_import.set_counts(roster_import.rows.outcome_counts())
    roster_import.rows_checked = roster_import.rows_total
    roster_import.progress_percent = 100
    roster_import.status = ImportStatus.CHECKED
    roster_import.save()
    return roster_import


def _refuse(roster_import, problems):
    roster_import.rows.all().discard()
    RosterImportRow.objects.bulk_create(
        [
            RosterImportRow(
                roster_import=roster_import,
                file_name=problem.file_name,
                line=problem.line,
                outcome=RowOutcome.REJECTED,
                field=problem.field[:100],
                message=problem.reason[:500],
            )
            for problem in problems
        ]
    )
    roster_import.set_counts({})
    roster_import.status = ImportStatus.REFUSED
    roster_import.progress_percent = 100
    roster_import.error = " ".join(problem.reason for problem in problems)
    roster_import.save()


# Apply -------------------------------------------------------------------------


def _cannot_apply(roster_import):
    if roster_import.status in (ImportStatus.APPLIED, ImportStatus.UNDONE):
        return _("This import was already applied.")
    if roster_import.status == ImportStatus.APPLYING:
        return _("This import is being applied now.")
    return _("This import cannot be applied: it is “%(status)s”.") % {
        "status": roster_import.get_status_display()
    }


def request_apply(*, roster_import, by, send_invitations=False):
    """
    For the admin: apply a small import at once; mark a large one as being
    applied and leave it to a background job. Returns the import.
    """
    _check(by, ADD_PERMISSION)
    if roster_import.rows_total <= background_rows():
        return apply_roster(roster_import=roster_import, by=by, send_invitations=send_invitations)
    if roster_import.rows_to_write == 0:
        raise ApplyRefused(_nothing_to_apply())
    claimed = RosterImport.objects.filter(pk=roster_import.pk, status=ImportStatus.CHECKED).update(
        status=ImportStatus.APPLYING, send_invitations=send_invitations, error=""
    )
    if not claimed:
        raise ApplyRefused(_cannot_apply(roster_import))
    jobs.enqueue(
        "lms.rosters.jobs.apply_roster_import",
        import_id=roster_import.pk,
        by_id=by.pk if by is not None else None,
        send_invitations=send_invitations,
    )
    roster_import.refresh_from_db()
    return roster_import


def _nothing_to_apply():
    return _("Nothing to apply: no row of this roster adds a person or an enrolment.")


def apply_roster(*, roster_import, by=None, send_invitations=False):
    """
    Write every accepted row of a checked import in one transaction: either
    all of them are written or none is. The cohort row is locked while places
    are counted, as in enroll_learner, and each row is decided again against
    the database as it is now. New people get the Learner role and are
    inactive without a password; with send_invitations each is e-mailed an
    invitation after commit. Writes in chunks (see RosterWriter).
    """
    _check(by, ADD_PERMISSION)
    with transaction.atomic():
        roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
        if roster_import.status not in (ImportStatus.CHECKED, ImportStatus.APPLYING):
            raise ApplyRefused(_cannot_apply(roster_import))
        if roster_import.rows_to_write == 0:
            raise ApplyRefused(_nothing_to_apply())
        cohort = Cohort.objects.select_for_update().get(pk=roster_import.cohort_id)
        _refuse_closed(cohort, ApplyRefused)
        writer = RosterWriter(
            cohort=cohort,
            by=by,
            send_invitations=send_invitations,
            taken=Enrollment.objects.filter(cohort=cohort, status__in=ACTIVE_STATUSES).count(),
        )
        accepted = roster_import.rows.accepted().order_by("pk")
        done, last_pk = 0, 0
        while chunk := list(accepted.filter(pk__gt=last_pk)[: checks.CHUNK_SIZE]):
            writer.write(chunk)
            done, last_pk = done + len(chunk), chunk[-1].pk
            _report_apply_progress(roster_import.pk, done, roster_import.rows_accepted)
        roster_import.set_counts(roster_import.rows.outcome_counts())
        roster_import.status = ImportStatus.APPLIED
        roster_import.applied_at = writer.now
        roster_import.applied_by = _actor(by)
        roster_import.send_invitations = send_invitations
        roster_import.error = ""
        roster_import.save()
        record(
            action="roster.applied",
            actor=by,
            target=roster_import,
            after={
                "cohort": cohort.code,
                "files": roster_import.file_names,
                "people_created": writer.people_created,
                # Their Learner role is inserted in bulk, without an m2m
                # signal: this event and the rows record it.
                "role_given": str(Role.LEARNER),
                "enrolments_created": roster_import.new_enrolments,
                "already_enrolled": roster_import.rows_already_enrolled,
                "rejected": roster_import.rows_rejected,
                "invitations": send_invitations,
            },
        )
    return roster_import


def _progress_cache():
    """
    The cache shared by web and job processes, if it lives outside the
    database: the apply transaction cannot publish progress through the
    database until it commits.
    """
    cache = caches["default"]
    return None if isinstance(cache, DatabaseCache) else cache


def _progress_key(import_id):
    return f"lectern:rosters:apply-progress:{import_id}"


def _report_apply_progress(import_id, done, total):
    cache = _progress_cache()
    if cache is not None and total:
        cache.set(_progress_key(import_id), min(99, int(done * 100 / total)), 3600)


def apply_progress(roster_import):
    """Per cent applied so far, or None when it cannot be known until the end."""
    cache = _progress_cache()
    return None if cache is None else cache.get(_progress_key(roster_import.pk))


# Undo --------------------------------------------------------------------------


def undo_roster_import(*, roster_import, by=None):
    """
    Withdraw the enrolments an applied import created that are still active,
    and deactivate the people it created who have done nothing since: never
    logged in, no lesson progress, no other enrolment. Their invitation links
    stop working. Refuses, with the reason, when there is nothing to undo.
    """
    _check(by, UNDO_PERMISSION)
    with transaction.atomic():
        roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
        if roster_import.status == ImportStatus.UNDONE:
            raise UndoRefused(
                _("This import was already undone on %(when)s by %(who)s.")
                % {
                    "when": date_format(
                        timezone.localtime(roster_import.undone_at), "DATETIME_FORMAT"
                    ),
                    "who": roster_import.undone_by or _("the system"),
                }
            )
        if roster_import.status != ImportStatus.APPLIED:
            raise UndoRefused(
                _("Only an applied import can be undone; this one is “%(status)s”.")
                % {"status": roster_import.get_status_display()}
            )
        if roster_import.rows_to_write == 0:
            raise UndoRefused(_("This import added nobody and no enrolment: nothing to undo."))

        created_enrolments = roster_import.rows.filter(enrollment__isnull=False).values(
            "enrollment_id"
        )
        # Assigned and in-progress enrolments may always be withdrawn (the
        # model's ALLOWED_TRANSITIONS); completed or failed ones stay.
        withdrawn = Enrollment.objects.filter(
            pk__in=created_enrolments, status__in=ACTIVE_STATUSES
        ).update(status=EnrollmentStatus.WITHDRAWN)

        created_people = roster_import.rows.filter(
            outcome=RowOutcome.NEW_LEARNER, learner__isnull=False
        ).values("learner_id")
        idle = (
            User.objects.filter(pk__in=created_people, last_login__isnull=True)
            .exclude(Exists(LessonProgress.objects.filter(learner=OuterRef("pk"))))
            .exclude(
                Exists(
                    Enrollment.objects.filter(learner=OuterRef("pk")).exclude(
                        pk__in=created_enrolments
                    )
                )
            )
        )
        # A fresh unusable password also invalidates invitation links.
        deactivated = idle.update(is_active=False, password=unusable_password())

        roster_import.status = ImportStatus.UNDONE
        roster_import.undone_at = timezone.now()
        roster_import.undone_by = _actor(by)
        roster_import.undo_withdrawn = withdrawn
        roster_import.undo_deactivated = deactivated
        roster_import.undo_kept_people = roster_import.rows_new_learner - deactivated
        roster_import.save()
        record(
            action="roster.undone",
            actor=by,
            target=roster_import,
            after={
                "cohort": roster_import.cohort.code,
                "enrolments_withdrawn": withdrawn,
                "enrolments_kept": roster_import.new_enrolments - withdrawn,
                "people_deactivated": deactivated,
                "people_kept": roster_import.undo_kept_people,
            },
        )
    return roster_import


# Export ------------------------------------------------------------------------


def roster_enrolments(*, cohort, viewer, status="active", organisation=None, source="", search=""):
    """A cohort's enrolments as the viewer may see them, filtered, in name order."""
    enrolments = (
        Enrollment.objects.visible_to(viewer)
        .filter(cohort=cohort)
        .select_related("learner", "learner__organisation", "cohort")
    )
    if status == "active":
        enrolments = enrolments.filter(status__in=ACTIVE_STATUSES)
    elif status and status != "all":
        enrolments = enrolments.filter(status=status)
    if organisation is not None:
        enrolments = enrolments.filter(learner__organisation=organisation)
    if source:
        enrolments = enrolments.filter(source=source)
    if search:
        enrolments = enrolments.filter(
            Q(learner__email__icontains=search)
            | Q(learner__first_name__icontains=search)
            | Q(learner__last_name__icontains=search)
        )
    return enrolments.order_by("learner__last_name", "learner__first_name", "learner__email")


def export_roster(*, cohort, by, fmt, filters):
    """
    A cohort's roster as CSV or XLSX with the filters applied (see
    roster_enrolments), every cell neutralised against formula injection.
    Audited as export.downloaded. Returns (content, content type, file name).
    """
    _check(by, VIEW_PERMISSION)
    if fmt not in ("csv", "xlsx"):
        raise RosterError(_("Exports are CSV or XLSX."))
    enrolments = roster_enrolments(cohort=cohort, viewer=by, **filters)
    dataset = RosterResource().export(queryset=enrolments)
    content, content_type = render(dataset, fmt)
    record(
        action="export.downloaded",
        actor=by,
        target=cohort,
        message=f"Exported the roster of {cohort.code} as {fmt}",
        after={
            "model": Enrollment._meta.label,
            "cohort": cohort.code,
            "format": fmt,
            "rows": len(dataset),
            "filters": {
                key: str(value) if value is not None else ""
                for key, value in filters.items()
                if value
            },
        },
    )
    code = re.sub(r"[^A-Za-z0-9_-]+", "-", cohort.code)
    filename = f"roster-{code}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    return content, content_type, filename
