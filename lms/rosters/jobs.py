"""Background jobs for large rosters. Each takes ids and is safe to run twice."""

import logging

from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.rosters.exceptions import RosterError
from lms.rosters.models import ImportStatus, RosterImport
from lms.rosters.services import apply_roster, check_roster

logger = logging.getLogger(__name__)


def check_roster_import(import_id):
    """Check (dry-run) an uploaded roster; does nothing once it has been checked."""
    roster_import = RosterImport.objects.filter(pk=import_id).first()
    if roster_import is not None:
        check_roster(roster_import=roster_import)


def apply_roster_import(import_id, by_id=None, send_invitations=False):
    """
    Apply an import the admin marked as applying. When applying fails nothing
    is written, and the import goes back to "checked" with the reason, so the
    coordinator can try again.
    """
    roster_import = RosterImport.objects.filter(pk=import_id, status=ImportStatus.APPLYING).first()
    if roster_import is None:
        return
    by = User.objects.filter(pk=by_id).first() if by_id else None
    try:
        apply_roster(roster_import=roster_import, by=by, send_invitations=send_invitations)
    except RosterError as exc:
        _back_to_checked(import_id, str(exc))
    except Exception:
        logger.exception("applying roster import %s failed", import_id)
        _back_to_checked(
            import_id,
            _("Applying failed unexpectedly (the error was logged); nothing was written."),
        )
        raise


def _back_to_checked(import_id, reason):
    RosterImport.objects.filter(pk=import_id, status=ImportStatus.APPLYING).update(
        status=ImportStatus.CHECKED, error=reason
    )
