"""
Figures for the support reports page, from the tickets a person may see:
counts are aggregate queries; medians are taken from one query of
durations each (SQLite has no median aggregate).
"""

import statistics
from dataclasses import dataclass

from django.db.models import Count, DurationField, ExpressionWrapper, F
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.support.models import Ticket, TicketCategory


@dataclass
class SupportReport:
    total: int
    by_category: list
    median_first_response: object
    median_resolution: object
    backlog_by_owner: list
    backlog: int
    overdue: int

    @property
    def first_response_display(self):
        return format_duration(self.median_first_response)

    @property
    def resolution_display(self):
        return format_duration(self.median_resolution)


def format_duration(value):
    """3 d 4 h, 5 h 20 min or 12 min; an em dash when there is nothing to measure."""
    if value is None:
        return "—"
    minutes = int(value.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _("%(d)d d %(h)d h") % {"d": days, "h": hours}
    if hours:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
    return _("%(m)d min") % {"m": minutes}


def _median(queryset, start_field, end_field):
    durations = list(
        queryset.filter(**{f"{end_field}__isnull": False})
        .annotate(
            took=ExpressionWrapper(F(end_field) - F(start_field), output_field=DurationField())
        )
        .values_list("took", flat=True)
    )
    return statistics.median(durations) if durations else None


def build_report(*, user, start=None, end=None, now=None):
    """
    Tickets opened between start and end: by category, median first-response
    and resolution times. Backlog and overdue are as of now, whatever the dates.
    """
    visible = Ticket.objects.visible_to(user)
    opened = visible.created_between(start, end)
    counts = {
        row["category"]: row["n"]
        for row in opened.order_by().values("category").annotate(n=Count("pk"))
    }
    by_category = [(label, counts.get(value, 0)) for value, label in TicketCategory.choices]
    backlog_rows = (
        visible.unresolved()
        .order_by()
        .values("owner", "owner__first_name", "owner__last_name", "owner__email")
        .annotate(n=Count("pk"))
        .order_by("-n", "owner__email")
    )
    backlog_by_owner = [
        (
            " ".join(filter(None, [row["owner__first_name"], row["owner__last_name"]]))
            or row["owner__email"]
            if row["owner"]
            else None,
            row["n"],
        )
        for row in backlog_rows
    ]
    return SupportReport(
        total=sum(counts.values()),
        by_category=by_category,
        median_first_response=_median(opened, "created_at", "first_response_at"),
        median_resolution=_median(opened, "created_at", "resolved_at"),
        backlog_by_owner=backlog_by_owner,
        backlog=sum(n for _, n in backlog_by_owner),
        overdue=visible.overdue(now or timezone.now()).count(),
    )
