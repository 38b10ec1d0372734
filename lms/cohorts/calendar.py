"""Month and week views of a person's sessions, and the same sessions as an iCalendar feed."""

import calendar as pycalendar
import datetime
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from lms.cohorts.models import Session


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    sessions: list = field(default_factory=list)


def _local_range(first_day, last_day):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first_day, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        last_day + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return start, end


def sessions_for(user):
    return Session.objects.for_person(user).select_related("cohort", "cohort__course", "instructor")


def month_grid(user, year, month):
    """Weeks (Monday first) of Day objects covering the month, with the person's sessions."""
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    start, end = _local_range(weeks[0][0], weeks[-1][-1])
    return _fill(user, weeks, start, end, lambda d: d.month == month)


def week_days(user, any_day):
    monday = any_day - datetime.timedelta(days=any_day.weekday())
    days = [monday + datetime.timedelta(days=n) for n in range(7)]
    start, end = _local_range(days[0], days[-1])
    return _fill(user, [days], start, end, lambda d: True)[0]


def _fill(user, weeks, start, end, in_month):
    today = timezone.localdate()
    by_day = {}
    for session in sessions_for(user).between(start, end).order_by("starts_at"):
        by_day.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
    return [
        [
            Day(date=d, in_month=in_month(d), is_today=d == today, sessions=by_day.get(d, []))
            for d in week
        ]
        for week in weeks
    ]


def upcoming(user, limit=10):
    return list(sessions_for(user).upcoming().order_by("starts_at")[:limit])


# iCalendar (RFC 5545) ----------------------------------------------------------


def _escape(text):
    return (
        str(text or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line):
    """Lines longer than 75 octets are folded with CRLF and a space."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(value):
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def ical_feed(user, *, now=None):
    """The person's sessions from 90 days ago onwards, as an iCalendar document."""
    now = now or timezone.now()
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "lectern"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Lectern//Sessions//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape('Lectern sessions')}",
    ]
    sessions = (
        sessions_for(user)
        .filter(ends_at__gte=now - datetime.timedelta(days=90))
        .order_by("starts_at")
    )
    for session in sessions:
        description = f"{session.cohort.course.title} — {session.cohort.name}"
        if session.instructor:
            description += f"\nInstructor: {session.instructor}"
        if session.meeting_url:
            description += f"\nJoin: {session.meeting_url}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:session-{session.pk}@{host}",
            f"DTSTAMP:{_utc(now)}",
            f"DTSTART:{_utc(session.starts_at)}",
            f"DTEND:{_utc(session.ends_at)}",
            f"SUMMARY:{_escape(f'{session.title} ({session.cohort.code})')}",
            f"DESCRIPTION:{_escape(description)}",
        ]
        if session.location:
            lines.append(f"LOCATION:{_escape(session.location)}")
        if session.meeting_url:
            lines.append(f"URL:{session.meeting_url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
