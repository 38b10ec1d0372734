"""
The column layouts a roster may use, and recognising one from a header line.

Headers are matched case-insensitively, after trimming and NFC normalisation,
in any order. Each layout maps its column names to Lectern's own keys; a
column a layout does not know is reported and the file refused, never mapped
by guesswork.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lms.rosters.exceptions import RosterRefused

# Lectern's own template, in the order the downloadable template uses.
TEMPLATE_COLUMNS = (
    "email",
    "first_name",
    "last_name",
    "organisation",
    "department",
    "job_title",
    "employee_id",
    "due_date",
)


@dataclass(frozen=True)
class Problem:
    """Something wrong with a file or one of its lines."""

    file_name: str
    line: int
    field: str
    reason: str


@dataclass(frozen=True)
class Layout:
    name: str
    label: str
    columns: dict[str, str]
    # Numbered columns such as Moodle's course1, course2...: prefix -> key.
    numbered: dict[str, str] = field(default_factory=dict)
    # At least one of these columns must be present.
    needs_one_of: tuple[str, ...] = ("email",)

    def key_for(self, header):
        if header in self.columns:
            return self.columns[header]
        match = re.fullmatch(r"([a-z]+)(\d+)", header)
        if match and match.group(1) in self.numbered:
            return self.numbered[match.group(1)]
        return None

    def known_columns(self):
        names = list(self.columns)
        names += [f"{prefix}1, {prefix}2…" for prefix in self.numbered]
        return ", ".join(names)


LECTERN = Layout(
    name="lectern",
    label="Lectern template",
    columns={name: name for name in TEMPLATE_COLUMNS},
)
# Moodle's "Upload users" CSV: username is read (people log in to Lectern by
# e-mail, so it is not stored); idnumber and department are Moodle's
# standard profile fields; courseN/cohortN/roleN must agree with the cohort.
MOODLE = Layout(
    name="moodle",
    label="Moodle “Upload users” CSV",
    columns={
        "username": "username",
        "firstname": "first_name",
        "lastname": "last_name",
        "email": "email",
        "idnumber": "employee_id",
        "department": "department",
    },
    numbered={"course": "course", "cohort": "cohort", "role": "role"},
)
CANVAS_USERS = Layout(
    name="canvas_users",
    label="Canvas SIS users.csv",
    columns={
        "user_id": "user_id",
        "login_id": "login_id",
        "first_name": "first_name",
        "last_name": "last_name",
        "full_name": "full_name",
        "sortable_name": "sortable_name",
        "short_name": "short_name",
        "email": "email",
        "status": "user_status",
    },
    needs_one_of=("email", "login_id"),
)
CANVAS_ENROLLMENTS = Layout(
    name="canvas_enrollments",
    label="Canvas SIS enrollments.csv",
    columns={
        "course_id": "course_id",
        "user_id": "user_id",
        "role": "enrolment_role",
        "section_id": "section_id",
        "status": "enrolment_status",
    },
    needs_one_of=("user_id",),
)

# In order of preference when a header fits several equally well
# ("email,first_name,last_name" is both Lectern's and Canvas's).
LAYOUTS = (LECTERN, CANVAS_USERS, MOODLE, CANVAS_ENROLLMENTS)


def normalise_header(value):
    return unicodedata.normalize("NFC", str(value if value is not None else "")).strip().lower()


@dataclass(frozen=True)
class Header:
    layout: Layout
    line: int
    names: tuple[str, ...]
    # The key each position maps to (numbered columns keep their own name).
    keys: tuple[str, ...]


def identify(file_name, line, cells):
    """
    Recognise the layout of a header line, or raise RosterRefused listing
    every column that is unknown, unnamed or repeated.
    """
    names = [normalise_header(cell) for cell in cells]
    # Spreadsheets often save empty cells after the last column.
    while names and not names[-1]:
        names.pop()

    def score(layout):
        return sum(1 for name in names if layout.key_for(name))

    layout = max(LAYOUTS, key=score)  # max() keeps the first of equals
    if not names or score(layout) == 0:
        shown = ", ".join(str(cell) for cell in cells if str(cell).strip())[:200]
        raise RosterRefused(
            [
                Problem(
                    file_name,
                    line,
                    "",
                    _(
                        "No header: the first line (%(line)s) should name the columns, "
                        "for example %(example)s, but it reads “%(shown)s”."
                    )
                    % {"line": line, "example": ",".join(TEMPLATE_COLUMNS), "shown": shown},
                )
            ]
        )

    problems = []
    seen = set()
    for position, name in enumerate(names, start=1):
        if not name:
            problems.append(
                Problem(
                    file_name,
                    line,
                    _("column %(n)d") % {"n": position},
                    _("Column %(n)d has no name in the header; name it or remove it.")
                    % {"n": position},
                )
            )
        elif layout.key_for(name) is None:
            problems.append(
                Problem(
                    file_name,
                    line,
                    name,
                    _(
                        "Unknown column “%(name)s”: Lectern does not guess where it belongs. "
                        "Remove or rename it; the %(layout)s knows %(known)s."
                    )
                    % {"name": name, "layout": layout.label, "known": layout.known_columns()},
                )
            )
        elif name in seen:
            problems.append(
                Problem(
                    file_name,
                    line,
                    name,
                    _("Column “%(name)s” appears twice in the header.") % {"name": name},
                )
            )
        seen.add(name)
    keys = tuple(layout.key_for(name) or "" for name in names)
    if not problems and not set(layout.needs_one_of) & set(keys):
        problems.append(
            Problem(
                file_name,
                line,
                layout.needs_one_of[0],
                _("Missing column: the %(layout)s needs a column %(columns)s.")
                % {"layout": layout.label, "columns": _(" or ").join(layout.needs_one_of)},
            )
        )
    if problems:
        raise RosterRefused(problems)
    return Header(layout=layout, line=line, names=tuple(names), keys=keys)
