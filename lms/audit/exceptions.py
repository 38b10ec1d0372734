from lms.core.exceptions import LecternError


class AuditImmutable(LecternError):
    """Audit events are append-only: they are never changed or deleted."""
