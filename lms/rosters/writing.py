"""
Writing a checked roster, a chunk of rows at a time, inside the transaction
lms.rosters.services.apply_roster holds. Each chunk costs a fixed number of
queries: look people up, look enrolments up, insert people, give them the
Learner role, insert enrolments, link the rows to their people and
enrolments, and update the few rows whose outcome changed since the check.
"""

import secrets
from collections import defaultdict

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from lms.accounts.models import User
from lms.accounts.roles import Role
from lms.cohorts.models import Enrollment, EnrollmentSource, EnrollmentStatus
from lms.core import jobs
from lms.rosters.checks import (
    active_enrolments,
    already_enrolled_note,
    cohort_full_reason,
    deactivated_reason,
    people_by_email,
)
from lms.rosters.models import RosterImportRow, RowOutcome


def unusable_password():
    """
    What make_password(None) stores ("!" and 40 random characters), from one
    call to the system's random source: get_random_string() picks characters
    one at a time: about 5 s per 100,000 people on the bench machine, against
    0.1 s for this.
    """
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


class RosterWriter:
    """
    Applies rows for a cohort whose row is locked. Rows are decided again
    against the database as it is now: since the check, someone may have
    joined, enrolled or been deactivated, or places may have gone.
    """

    def __init__(self, *, cohort, by, send_invitations, taken):
        self.cohort = cohort
        self.by_id = by.pk if by is not None and by.is_authenticated else None
        self.send_invitations = send_invitations
        self.taken = taken
        self.now = timezone.now()
        self.learner_group_id = Group.objects.get(name=Role.LEARNER).pk
        self.people_created = 0

    def write(self, rows):
        """Write one chunk of accepted RosterImportRow objects and record changed outcomes."""
        people = people_by_email({row.email for row in rows})
        enrolled = active_enrolments(
            self.cohort.course_id, [person.id for person in people.values()]
        )
        capacity = self.cohort.capacity
        new_people, to_enrol, found, changed = [], [], [], defaultdict(list)
        for row in rows:
            checked = (row.outcome, row.field, row.message, row.learner_id)
            person = people.get(row.email)
            row.field, row.message = "", ""
            row.learner_id = person.id if person else None
            if person is not None and person.deactivated:
                row.outcome = RowOutcome.REJECTED
                row.field, row.message = "email", deactivated_reason(row.email)
            elif person is not None and person.id in enrolled:
                row.outcome = RowOutcome.ALREADY_ENROLLED
                row.message = already_enrolled_note(self.cohort, enrolled[person.id])
            elif capacity is not None and self.taken >= capacity:
                row.outcome = RowOutcome.REJECTED
                row.message = cohort_full_reason(self.cohort)
            else:
                self.taken += 1
                to_enrol.append(row)
                if person is not None:
                    row.outcome = RowOutcome.NEW_ENROLMENT
                else:
                    row.outcome = RowOutcome.NEW_LEARNER
                    new_people.append(self._new_person(row))
            if (row.outcome, row.field, row.message) != checked[:3]:
                changed[row.outcome, row.field, row.message].append(row.pk)
            if row.learner_id != checked[3]:
                found.append(row)

        to_enrol_set = set(to_enrol)
        if new_people:
            User.objects.bulk_create(new_people)
            created = {user.email: user.pk for user in new_people}
            for row in to_enrol:
                row.learner_id = row.learner_id or created[row.email]
            User.groups.through.objects.bulk_create(
                [
                    User.groups.through(user_id=user.pk, group_id=self.learner_group_id)
                    for user in new_people
                ]
            )
            self.people_created += len(new_people)
        enrollments = []
        if to_enrol:
            # Both SQLite and PostgreSQL return the new primary keys.
            enrollments = Enrollment.objects.bulk_create(
                [
                    Enrollment(
                        learner_id=row.learner_id,
                        cohort_id=self.cohort.pk,
                        course_id=self.cohort.course_id,
                        status=EnrollmentStatus.ASSIGNED,
                        source=EnrollmentSource.IMPORT,
                        enrolled_by_id=self.by_id,
                        enrolled_at=self.now,
                        due_date=row.due_date,
                    )
                    for row in to_enrol
                ]
            )
        # Most rows end as the check said; only the others are updated, a
        # statement per kind of change. bulk_update() is not used: its CASE
        # WHEN per row and field took most of the time on large rosters.
        for (outcome, field, message), pks in changed.items():
            RosterImportRow.objects.filter(pk__in=pks).update(
                outcome=outcome, field=field, message=message
            )
        link_rows(
            [
                (row.pk, row.learner_id, enrollment.pk)
                for row, enrollment in zip(to_enrol, enrollments, strict=True)
            ]
            + [(row.pk, row.learner_id, None) for row in found if row not in to_enrol_set]
        )
        if self.send_invitations:
            for user in new_people:
                jobs.enqueue("lms.accounts.jobs.send_invitation", user_id=user.pk)

    def _new_person(self, row):
        # Created as lms.accounts.services.invite_user does: inactive, without a
        # password, chosen when the person follows the invitation.
        return User(
            email=row.email,
            first_name=row.first_name,
            last_name=row.last_name,
            organisation_id=row.organisation_id,
            department=row.department,
            job_title=row.job_title,
            employee_id=row.employee_id,
            is_active=False,
            password=unusable_password(),
            date_joined=self.now,
            invited_at=self.now if self.send_invitations else None,
        )


def link_rows(links):
    """
    Set learner and enrollment on many rows in one statement: links are
    (row id, learner id, enrolment id or None). UPDATE ... FROM (VALUES ...)
    reads the same in SQLite (3.33 and later) and PostgreSQL; it is a join on
    the primary key, so its plan does not depend on table statistics, which
    are stale for rows inserted earlier in the same transaction (a correlated
    subquery per row was planned as a scan of the whole cohort on PostgreSQL).
    """
    if not links:
        return
    quote = connection.ops.quote_name
    meta = RosterImportRow._meta
    table = quote(meta.db_table)
    learner = quote(meta.get_field("learner").column)
    enrollment = quote(meta.get_field("enrollment").column)
    rows = ", ".join(["(%s, %s, %s)"] * len(links))
    # Only model metadata is interpolated; every value is a parameter.
    sql = (
        f"UPDATE {table} SET {learner} = CAST(v.column2 AS bigint), "  # noqa: S608
        f"{enrollment} = CAST(v.column3 AS bigint) "
        f"FROM (VALUES {rows}) AS v WHERE {table}.{quote(meta.pk.column)} = v.column1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for link in links for value in link])
