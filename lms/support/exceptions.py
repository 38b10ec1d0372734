from lms.core.exceptions import LecternError


class SupportError(LecternError):
    pass


class InvalidTransition(SupportError):
    """A ticket cannot move from its status to the one asked for."""


class ResolutionNoteRequired(SupportError):
    pass


class TicketClosed(SupportError):
    """Closed tickets take no more replies."""


class AttachmentRejected(SupportError):
    """An attachment broke the upload rules; the message names the file."""


class NotAllowed(SupportError):
    """The person may see the ticket but not do this to it."""
