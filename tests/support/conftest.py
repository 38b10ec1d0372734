import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.accounts.roles import Role
from lms.cohorts.models import Enrollment
from lms.core.storage import private_storage
from lms.support.services import open_ticket
from tests.factories import UserFactory
from tests.factories.cohorts import CohortFactory
from tests.factories.courses import CoursePageFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML_BYTES = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"


def pdf(name="screenshot.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def html_as_pdf(name="invoice.pdf"):
    return SimpleUploadedFile(name, HTML_BYTES, content_type="application/pdf")


def stored_files(path="support"):
    """Every file name under path in private storage."""
    storage = private_storage()
    if not storage.exists(path):
        return set()
    dirs, files = storage.listdir(path)
    found = {f"{path}/{name}" for name in files}
    for directory in dirs:
        found |= stored_files(f"{path}/{directory}")
    return found


@pytest.fixture
def agent(db):
    return UserFactory(email="agent@example.com", first_name="Sam", roles=[Role.SUPPORT])


@pytest.fixture
def other_learner(db, other_organisation):
    return UserFactory(
        email="other@example.com", organisation=other_organisation, roles=[Role.LEARNER]
    )


@pytest.fixture
def course(db):
    return CoursePageFactory(title="Data protection basics")


@pytest.fixture
def cohort(db, course, instructor):
    cohort = CohortFactory(course=course, code="DP-1")
    cohort.instructors.add(instructor)
    cohort.save()  # a ParentalManyToManyField writes its rows on save
    return cohort


@pytest.fixture
def enrollment(db, learner, cohort, course):
    return Enrollment.objects.create(
        learner=learner, cohort=cohort, course=course, source="coordinator"
    )


@pytest.fixture
def ticket(db, learner, course, enrollment):
    """A learner's ticket about their course (and so their cohort)."""
    return open_ticket(
        learner=learner,
        category="assignment",
        subject="Cannot upload my essay",
        description="The upload button does nothing.",
        course=course,
        files=[pdf()],
    )


@pytest.fixture
def other_ticket(db, other_learner):
    return open_ticket(
        learner=other_learner,
        category="login",
        subject="Locked out",
        description="My password does not work.",
    )
