"""
Checking roster rows, a chunk at a time: first each line's own fields, then,
with one query per lookup per chunk, who the person is, whether they are
already enrolled and whether the cohort has room.
"""

import datetime
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.auth.hashers import is_password_usable
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from lms.accounts.models import Organisation, User, normalise_email, normalise_name
from lms.cohorts.models import ACTIVE_STATUSES, Enrollment
from lms.rosters.models import RosterImportRow, RowOutcome

# Rows are validated and written in chunks of this many; each chunk costs a
# fixed handful of queries whatever its size.
CHUNK_SIZE = 1000

DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
# The longest value each stored text field takes (the User model's limits).
TEXT_LIMITS = {
    "first_name": 150,
    "last_name": 150,
    "department": 120,
    "job_title": 120,
    "employee_id": 64,
}


class PersonState(NamedTuple):
    id: int
    deactivated: bool


def people_by_email(emails):
    """{normalised e-mail: PersonState} for the people who exist, in one query."""
    if not emails:
        return {}
    found = (
        User.objects.annotate(email_key=Lower("email"))
        .filter(email_key__in=list(emails))
        .values_list("pk", "email_key", "is_active", "last_login", "password")
    )
    return {
        email: PersonState(
            pk,
            # Invited people who never activated are inactive too, but have no
            # password and have never logged in; they can be enrolled.
            deactivated=not is_active and (last_login is not None or is_password_usable(password)),
        )
        for pk, email, is_active, last_login, password in found
    }


def active_enrolments(course_id, learner_ids):
    """{learner id: (cohort id, cohort code)} of active enrolments in the course, in one query."""
    if not learner_ids:
        return {}
    found = Enrollment.objects.filter(
        course_id=course_id, learner_id__in=list(learner_ids), status__in=ACTIVE_STATUSES
    ).values_list("learner_id", "cohort_id", "cohort__code")
    return {learner_id: (cohort_id, code) for learner_id, cohort_id, code in found}


def deactivated_reason(email):
    return _(
        "Deactivated account: %(email)s belongs to a person whose account is deactivated; "
        "reactivate them before enrolling them."
    ) % {"email": email}


def already_enrolled_note(cohort, enrolment):
    cohort_id, code = enrolment
    if cohort_id == cohort.pk:
        return _("Already enrolled in this cohort.")
    return _("Already enrolled in this course through cohort %(code)s.") % {"code": code}


def cohort_full_reason(cohort):
    return _("Cohort full: %(code)s has %(capacity)d places and none is left for this row.") % {
        "code": cohort.code,
        "capacity": cohort.capacity,
    }


@dataclass
class Candidate:
    """One roster line's values, cleaned, with what is wrong with them."""

    file_name: str
    line: int
    email: str = ""
    email_valid: bool = False
    first_name: str = ""
    last_name: str = ""
    department: str = ""
    job_title: str = ""
    employee_id: str = ""
    organisation_id: int | None = None
    due_date: datetime.date | None = None
    errors: list = field(default_factory=list)

    def to_row(self, roster_import, outcome, *, field_name="", message="", learner_id=None):
        return RosterImportRow(
            roster_import=roster_import,
            file_name=self.file_name,
            line=self.line,
            outcome=outcome,
            field=field_name[:100],
            message=message[:500],
            email=self.email[:254],
            first_name=self.first_name[:150],
            last_name=self.last_name[:150],
            organisation_id=self.organisation_id,
            department=self.department[:120],
            job_title=self.job_title[:120],
            employee_id=self.employee_id[:64],
            due_date=self.due_date,
            learner_id=learner_id,
        )

    def rejected_row(self, roster_import):
        fields = list(dict.fromkeys(name for name, _reason in self.errors if name))
        return self.to_row(
            roster_import,
            RowOutcome.REJECTED,
            field_name=", ".join(fields),
            message=" ".join(reason for _name, reason in self.errors),
        )


def _text(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value if value is not None else "").strip()


class RosterChecker:
    """Checks rows for one cohort; remembers how many places the rows so far have taken."""

    def __init__(self, cohort):
        self.cohort = cohort
        self.course_code = cohort.course.code.upper()
        self.organisations = {}
        for pk, slug, name, is_active in Organisation.objects.values_list(
            "pk", "slug", "name", "is_active"
        ):
            self.organisations[normalise_name(name).casefold()] = (pk, is_active)
            self.organisations[slug.casefold()] = (pk, is_active)
        self.capacity = cohort.capacity
        self.taken = (
            Enrollment.objects.filter(cohort=cohort, status__in=ACTIVE_STATUSES).count()
            if self.capacity is not None
            else 0
        )

    # One line's own fields ------------------------------------------------
    def candidate(self, source):
        values = source.values
        c = Candidate(source.file_name, source.line, errors=list(source.errors))
        errors = c.errors

        email = _text(values.get("email"))
        login_id = _text(values.get("login_id"))
        if not email and "@" in login_id:
            # Canvas often keeps the address in login_id and leaves email empty.
            email = login_id
        c.email = normalise_email(email)
        if not c.email:
            # A Canvas enrolment whose user_id is not in users.csv has no
            # address to miss: its user_id problem says it all.
            if not any(name == "user_id" for name, _reason in errors):
                errors.append(("email", _("Missing e-mail address: every row needs one.")))
        else:
            try:
                validate_email(c.email)
            except ValidationError:
                errors.append(
                    ("email", _("Invalid e-mail address “%(value)s”.") % {"value": email})
                )
            else:
                c.email_valid = True

        first, last = _text(values.get("first_name")), _text(values.get("last_name"))
        if not first and not last:
            first, last = _split_name(
                _text(values.get("sortable_name")), _text(values.get("full_name"))
            )
        c.first_name, c.last_name = normalise_name(first), normalise_name(last)
        c.department = normalise_name(_text(values.get("department")))
        c.job_title = normalise_name(_text(values.get("job_title")))
        c.employee_id = _text(values.get("employee_id"))
        for name, limit in TEXT_LIMITS.items():
            length = len(getattr(c, name))
            if length > limit:
                errors.append(
                    (
                        name,
                        _("Too long: %(field)s has %(length)d characters; at most %(limit)d fit.")
                        % {"field": name, "length": length, "limit": limit},
                    )
                )

        organisation = _text(values.get("organisation"))
        if organisation:
            found = self.organisations.get(normalise_name(organisation).casefold())
            if found is None:
                errors.append(
                    (
                        "organisation",
                        _(
                            "Unknown organisation “%(value)s”: give the slug or the name of an "
                            "organisation that exists in Lectern."
                        )
                        % {"value": organisation},
                    )
                )
            elif not found[1]:
                errors.append(
                    (
                        "organisation",
                        _("Inactive organisation “%(value)s”.") % {"value": organisation},
                    )
                )
            else:
                c.organisation_id = found[0]
        else:
            # A corporate cohort's learners belong to its client unless the file says otherwise.
            c.organisation_id = self.cohort.organisation_id

        due = values.get("due_date", "")
        if isinstance(due, datetime.date):
            c.due_date = due
        elif _text(due):
            try:
                if not DATE_PATTERN.fullmatch(_text(due)):
                    raise ValueError
                c.due_date = datetime.date.fromisoformat(_text(due))
            except ValueError:
                errors.append(
                    (
                        "due_date",
                        _(
                            "Bad due date “%(value)s”: write dates as YYYY-MM-DD, "
                            "for example 2026-09-30."
                        )
                        % {"value": _text(due)},
                    )
                )

        self._check_course_columns(values, errors)
        return c

    def _check_course_columns(self, values, errors):
        """Moodle's courseN/cohortN/roleN and Canvas's enrolment columns must fit the cohort."""
        cohort_code = self.cohort.code.upper()
        for column, value in values.get("course", ()):
            value = _text(value)
            if value and value.upper() != self.course_code:
                errors.append((column, self._wrong_course(column, value)))
        for column, value in values.get("cohort", ()):
            value = _text(value)
            if value and value.upper() != cohort_code:
                errors.append((column, self._wrong_cohort(column, value)))
        for column, value in values.get("role", ()):
            value = _text(value)
            if value and value.casefold() != "student":
                errors.append((column, self._not_student(column, value)))

        course_id = _text(values.get("course_id"))
        if course_id and course_id.upper() != self.course_code:
            errors.append(("course_id", self._wrong_course("course_id", course_id)))
        section_id = _text(values.get("section_id"))
        if section_id and section_id.upper() != cohort_code:
            errors.append(("section_id", self._wrong_cohort("section_id", section_id)))
        if "enrolment_role" in values:
            role = _text(values["enrolment_role"])
            if role.casefold() != "student":
                errors.append(("role", self._not_student("role", role)))
        status = _text(values.get("enrolment_status")).casefold()
        if status and status != "active":
            errors.append(
                (
                    "status",
                    _("Enrolment status “%(value)s”: only active enrolments are imported.")
                    % {"value": status},
                )
            )
        status = _text(values.get("user_status")).casefold()
        if status and status != "active":
            errors.append(
                (
                    "status",
                    _("User status “%(value)s”: only active users are imported.")
                    % {"value": status},
                )
            )

    def _wrong_course(self, column, value):
        return _(
            "Wrong course: %(column)s is “%(value)s”, but cohort %(cohort)s runs course %(course)s."
        ) % {
            "column": column,
            "value": value,
            "cohort": self.cohort.code,
            "course": self.course_code,
        }

    def _wrong_cohort(self, column, value):
        return _(
            "Wrong cohort: %(column)s is “%(value)s”, but this roster is for cohort %(cohort)s."
        ) % {"column": column, "value": value, "cohort": self.cohort.code}

    def _not_student(self, column, value):
        if not value:
            return _("Missing role in %(column)s: only students are enrolled.") % {"column": column}
        return _("Role “%(value)s” in %(column)s: only students are enrolled.") % {
            "value": value,
            "column": column,
        }

    # A chunk of lines against the database ---------------------------------
    def check_chunk(self, sources, roster_import):
        """
        RosterImportRow objects (unsaved) for a chunk of SourceRows, in order.
        Earlier chunks must already be saved: duplicates are found among them
        with one query.
        """
        candidates = [self.candidate(source) for source in sources]
        emails = {c.email for c in candidates if c.email_valid}
        earlier = {}
        for email, file_name, line in (
            RosterImportRow.objects.filter(roster_import=roster_import, email__in=list(emails))
            .order_by("pk")
            .values_list("email", "file_name", "line")
        ):
            earlier.setdefault(email, (file_name, line))
        people = people_by_email(emails)
        enrolled = active_enrolments(
            self.cohort.course_id, [person.id for person in people.values()]
        )

        rows = []
        for c in candidates:
            if c.email_valid:
                first = earlier.get(c.email)
                if first is None:
                    earlier[c.email] = (c.file_name, c.line)
                else:
                    c.errors.insert(0, ("email", _duplicate_reason(c, *first)))
            if c.errors:
                rows.append(c.rejected_row(roster_import))
                continue
            person = people.get(c.email)
            if person is not None and person.deactivated:
                rows.append(
                    c.to_row(
                        roster_import,
                        RowOutcome.REJECTED,
                        field_name="email",
                        message=deactivated_reason(c.email),
                        learner_id=person.id,
                    )
                )
            elif person is not None and person.id in enrolled:
                rows.append(
                    c.to_row(
                        roster_import,
                        RowOutcome.ALREADY_ENROLLED,
                        message=already_enrolled_note(self.cohort, enrolled[person.id]),
                        learner_id=person.id,
                    )
                )
            elif self.capacity is not None and self.taken >= self.capacity:
                rows.append(
                    c.to_row(
                        roster_import,
                        RowOutcome.REJECTED,
                        message=cohort_full_reason(self.cohort),
                        learner_id=person.id if person else None,
                    )
                )
            else:
                self.taken += 1
                outcome = RowOutcome.NEW_ENROLMENT if person else RowOutcome.NEW_LEARNER
                rows.append(
                    c.to_row(roster_import, outcome, learner_id=person.id if person else None)
                )
        return rows


def _duplicate_reason(candidate, file_name, line):
    if file_name == candidate.file_name:
        return _("Duplicate of line %(line)d: %(email)s appears more than once in this file.") % {
            "line": line,
            "email": candidate.email,
        }
    return _(
        "Duplicate of line %(line)d of %(file)s: %(email)s appears more than once in these files."
    ) % {"line": line, "file": file_name, "email": candidate.email}


def _split_name(sortable, full):
    """Canvas: "Last, First" in sortable_name, or "First Last" in full_name."""
    if "," in sortable:
        last, _comma, first = sortable.partition(",")
        return first.strip(), last.strip()
    if full:
        first, _space, last = full.rpartition(" ")
        return (first, last) if first else (last, "")
    return "", ""
