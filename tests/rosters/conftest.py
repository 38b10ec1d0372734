import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.accounts.roles import Role
from lms.cohorts.models import Enrollment, EnrollmentSource
from lms.rosters.services import start_roster_import
from tests.factories import UserFactory
from tests.factories.cohorts import CohortFactory
from tests.factories.courses import CoursePageFactory

HEADER = "email,first_name,last_name,organisation,department,job_title,employee_id,due_date\n"


def lectern_csv(*lines, header=HEADER):
    return header + "".join(line + "\n" for line in lines)


def roster_file(content, name="roster.csv"):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return SimpleUploadedFile(name, content)


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rows_by_line(roster_import):
    return {row.line: row for row in roster_import.rows.all()}


def enrol(learner, cohort, **kwargs):
    return Enrollment.objects.create(
        learner=learner,
        cohort=cohort,
        course_id=cohort.course_id,
        source=kwargs.pop("source", EnrollmentSource.COORDINATOR),
        **kwargs,
    )


@pytest.fixture
def course(db):
    return CoursePageFactory(title="Safe Lifting", slug="safe-lifting", code="SL-1")


@pytest.fixture
def cohort(course):
    return CohortFactory(course=course, code="COH-001", name="Spring run")


@pytest.fixture
def other_cohort(course):
    return CohortFactory(course=course, code="COH-002", name="Summer run")


@pytest.fixture
def upload(cohort, coordinator):
    """Upload and check a roster at once (no job); returns the RosterImport."""

    def _upload(content, name="roster.csv", *, second=None, second_name="enrollments.csv", **kw):
        kw.setdefault("cohort", cohort)
        kw.setdefault("by", coordinator)
        kw.setdefault("background", False)
        return start_roster_import(
            file=roster_file(content, name),
            enrollments_file=roster_file(second, second_name) if second is not None else None,
            **kw,
        )

    return _upload


@pytest.fixture
def existing_learner(db, organisation):
    return UserFactory(
        email="existing@example.com",
        first_name="Eve",
        last_name="Existing",
        organisation=organisation,
        roles=[Role.LEARNER],
    )


@pytest.fixture
def learner_group(db):
    return Group.objects.get(name=Role.LEARNER)
