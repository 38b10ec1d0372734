from lms.support.services import flag_overdue


def flag_overdue_tickets():
    """Scheduled hourly. Safe to run twice: each ticket is flagged once per due date."""
    return flag_overdue()
