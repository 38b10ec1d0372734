from lms.core.exceptions import LecternError


class AccountError(LecternError):
    pass


class UnknownRole(AccountError):
    pass


class ManagerNeedsOrganisation(AccountError):
    """A corporate manager sees exactly one organisation, so must belong to one."""
