import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.utils import timezone

from lms.accounts.roles import Role
from lms.audit.models import AuditEvent
from lms.cohorts.exceptions import CohortFull, InvalidTransition
from lms.cohorts.models import Cohort, Enrollment, EnrollmentStatus, Session
from lms.cohorts.services import change_status, enroll_learner
from lms.courses.models import CourseStatus
from tests.factories import UserFactory
from tests.factories.cohorts import CohortFactory
from tests.factories.courses import build_course, publish

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def course():
    return build_course(modules=1, lessons=1, code="CO-1", slug="co-1")[0]


@pytest.fixture
def cohort(course):
    return CohortFactory(
        course=course, code="CO-1-A", start_date=D(2026, 12, 1), end_date=D(2026, 12, 31)
    )


def at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_a_cohort_that_ends_before_it_starts_is_refused_with_both_dates(course):
    cohort = Cohort(
        course=course, code="x", name="X", start_date=D(2026, 12, 5), end_date=D(2026, 12, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        cohort.full_clean()
    assert "ends (1 Dec 2026) before it starts (5 Dec 2026)" in str(excinfo.value)


def test_a_cohort_for_an_inactive_course_is_refused(course):
    course.status = CourseStatus.ARCHIVED
    publish(course)
    with pytest.raises(ValidationError) as excinfo:
        Cohort(course=course, code="x", name="X").full_clean()
    assert "is archived; cohorts can only be created for active, published courses" in str(
        excinfo.value
    )


def test_capacity_cannot_drop_below_the_learners_enrolled(cohort):
    for n in range(3):
        enroll_learner(cohort=cohort, learner=UserFactory(email=f"c{n}@example.com"))
    cohort.capacity = 2
    with pytest.raises(ValidationError) as excinfo:
        cohort.full_clean()
    assert "Capacity 2 is below the 3 learners already enrolled." in str(excinfo.value)


def test_a_session_outside_the_cohorts_dates_names_the_dates(cohort):
    session = Session(
        cohort=cohort,
        title="Kick-off",
        starts_at=at(D(2026, 11, 30), 9),
        ends_at=at(D(2026, 11, 30), 10),
    )
    with pytest.raises(ValidationError) as excinfo:
        session.full_clean()
    assert "“Kick-off” on 30 Nov 2026 is outside the cohort's dates" in str(excinfo.value)


def test_a_session_that_ends_before_it_starts_is_refused(cohort):
    session = Session(
        cohort=cohort,
        title="Backwards",
        starts_at=at(D(2026, 12, 2), 11),
        ends_at=at(D(2026, 12, 2), 10),
    )
    with pytest.raises(ValidationError, match="ends before it starts"):
        session.full_clean()


def test_an_instructor_cannot_be_in_two_overlapping_sessions(cohort, course):
    teacher = UserFactory(first_name="Ivan", last_name="Petrov", roles=[Role.INSTRUCTOR])
    other = CohortFactory(
        course=course, code="CO-1-B", start_date=D(2026, 12, 1), end_date=D(2026, 12, 31)
    )
    Session.objects.create(
        cohort=other,
        title="Risk workshop",
        starts_at=at(D(2026, 12, 3), 10),
        ends_at=at(D(2026, 12, 3), 12),
        instructor=teacher,
    )
    clash = Session(
        cohort=cohort,
        title="Clash",
        starts_at=at(D(2026, 12, 3), 11),
        ends_at=at(D(2026, 12, 3), 13),
        instructor=teacher,
    )
    with pytest.raises(ValidationError) as excinfo:
        clash.full_clean()
    assert "Ivan Petrov is already teaching “Risk workshop” (CO-1-B)" in str(excinfo.value)
    back_to_back = Session(
        cohort=cohort,
        title="After",
        starts_at=at(D(2026, 12, 3), 12),
        ends_at=at(D(2026, 12, 3), 13),
        instructor=teacher,
    )
    back_to_back.full_clean()


def test_a_full_cohort_refuses_one_more(cohort):
    cohort.capacity = 1
    cohort.save()
    enroll_learner(cohort=cohort, learner=UserFactory())
    with pytest.raises(CohortFull, match="Cohort CO-1-A is full \\(1 places\\)"):
        enroll_learner(cohort=cohort, learner=UserFactory())


def test_status_changes_follow_the_allowed_transitions_and_are_audited(cohort, coordinator):
    enrollment = enroll_learner(cohort=cohort, learner=UserFactory())
    change_status(
        enrollment=enrollment,
        status=EnrollmentStatus.WITHDRAWN,
        by=coordinator,
        reason="Left the company",
    )
    event = AuditEvent.objects.get(action="enrollment.status_changed")
    assert (event.before, event.after, event.message) == (
        {"status": "assigned"},
        {"status": "withdrawn"},
        "Left the company",
    )
    with pytest.raises(InvalidTransition, match="cannot go from Withdrawn to In progress"):
        change_status(enrollment=enrollment, status=EnrollmentStatus.IN_PROGRESS, by=coordinator)


def test_one_active_enrolment_per_learner_per_course_in_the_database(cohort, course):
    from django.db import IntegrityError, transaction

    learner = UserFactory()
    enroll_learner(cohort=cohort, learner=learner)
    other = CohortFactory(course=course, code="CO-1-C")
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.create(
            learner=learner, cohort=other, course=course, source="coordinator"
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_concurrent_enrolments_never_exceed_capacity():
    course = build_course(modules=1, lessons=1, code="CONC-1", slug="conc")[0]
    cohort = CohortFactory(course=course, code="CONC-A", capacity=5)
    learners = [UserFactory(email=f"racer{n}@example.com") for n in range(20)]
    outcomes = []
    barrier = threading.Barrier(len(learners))

    def attempt(learner):
        try:
            barrier.wait()
            enroll_learner(cohort=cohort, learner=learner)
            outcomes.append("ok")
        except CohortFull:
            outcomes.append("full")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=attempt, args=(learner,)) for learner in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 5
    assert outcomes.count("full") == 15
    assert Enrollment.objects.filter(cohort=cohort).count() == 5
