"""Sessions for the demo cohorts (idempotent: looked up by cohort and title)."""

import datetime

from django.db import transaction
from django.utils import timezone

from lms.accounts.models import User
from lms.cohorts.models import Cohort, Session

# (cohort code, title, day, start hour, minutes, location, meeting link)
SESSIONS = [
    (
        "DP-101-NW-2026",
        "Welcome and what personal data is",
        datetime.date(2026, 11, 4),
        10,
        90,
        "",
        "https://meet.northwind.example/dp101",
    ),
    (
        "DP-101-NW-2026",
        "Lawful bases, worked through",
        datetime.date(2026, 11, 11),
        10,
        90,
        "",
        "https://meet.northwind.example/dp101",
    ),
    (
        "DP-101-NW-2026",
        "Handling data day to day",
        datetime.date(2026, 11, 25),
        10,
        90,
        "Northwind House, 4th floor, London",
        "https://meet.northwind.example/dp101",
    ),
    (
        "DP-101-NW-2026",
        "Breach drill: the first hour",
        datetime.date(2026, 12, 2),
        14,
        120,
        "Northwind House, 4th floor, London",
        "",
    ),
    (
        "DP-101-NW-2026",
        "Questions and final review",
        datetime.date(2026, 12, 9),
        10,
        60,
        "",
        "https://meet.northwind.example/dp101",
    ),
    (
        "FB-110-HH-2026",
        "The SBI model in practice",
        datetime.date(2026, 11, 12),
        9,
        120,
        "Harbour Health Education Centre, Room 2",
        "",
    ),
    (
        "FB-110-HH-2026",
        "Difficult conversations",
        datetime.date(2026, 11, 26),
        9,
        120,
        "Harbour Health Education Centre, Room 2",
        "",
    ),
    (
        "FB-110-HH-2026",
        "Receiving feedback well",
        datetime.date(2026, 12, 10),
        9,
        120,
        "Harbour Health Education Centre, Room 2",
        "",
    ),
]


def build_sessions():
    instructor = User.objects.filter(email="instructor@lectern.test").first()
    created = 0
    cohorts = {c.code: c for c in Cohort.objects.filter(code__in={s[0] for s in SESSIONS})}
    with transaction.atomic():
        for code, title, day, hour, minutes, location, link in SESSIONS:
            cohort = cohorts.get(code)
            if cohort is None:
                continue
            starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
            _session, was_created = Session.objects.get_or_create(
                cohort=cohort,
                title=title,
                defaults={
                    "starts_at": starts,
                    "ends_at": starts + datetime.timedelta(minutes=minutes),
                    "location": location,
                    "meeting_url": link,
                    "instructor": instructor,
                },
            )
            created += was_created
    return created
