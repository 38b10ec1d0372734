"""The coordinator's admin: cohorts with sessions, the schedule, enrolments, bulk actions, rules."""

import datetime

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from lms.accounts.roles import Role
from lms.audit.models import AuditEvent
from lms.cohorts.models import (
    AssignmentRule,
    Cohort,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    Session,
)
from lms.cohorts.services import enroll_learner
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.cohorts import CohortFactory
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return build_course(modules=1, lessons=1, code="AD-1", slug="ad-1")[0]


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return coordinator


def cohort_form(course, **overrides):
    data = {
        "course": course.pk,
        "code": "ad-1-jan",
        "name": "January run",
        "delivery_format": "online_live",
        "status": "open",
        "start_date": "2027-01-10",
        "end_date": "2027-02-28",
        "enrolment_opens": "",
        "enrolment_closes": "",
        "capacity": "12",
        "organisation": "",
        "location": "",
        "meeting_url": "",
        "sessions": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_a_coordinator_creates_a_cohort_with_sessions(client, as_coordinator, course):
    teacher = UserFactory(roles=[Role.INSTRUCTOR])
    data = cohort_form(
        course,
        sessions=inline_formset(
            [
                {
                    "title": "Welcome",
                    "starts_at": "2027-01-11 09:00",
                    "ends_at": "2027-01-11 10:30",
                    "location": "Room 4",
                    "meeting_url": "",
                    "instructor": teacher.pk,
                },
                {
                    "title": "Practice",
                    "starts_at": "2027-01-18 09:00",
                    "ends_at": "2027-01-18 10:30",
                    "location": "",
                    "meeting_url": "https://meet.example.com/x",
                    "instructor": teacher.pk,
                },
            ]
        ),
    )
    data["instructors"] = [teacher.pk]
    response = client.post(reverse("cohorts:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    cohort = Cohort.objects.get(code="AD-1-JAN")
    assert list(cohort.sessions.values_list("title", flat=True)) == ["Welcome", "Practice"]
    assert list(cohort.instructors.all()) == [teacher]


def test_a_session_outside_the_cohort_is_reported_in_the_form(client, as_coordinator, course):
    data = cohort_form(
        course,
        sessions=inline_formset(
            [
                {
                    "title": "Too early",
                    "starts_at": "2027-01-01 09:00",
                    "ends_at": "2027-01-01 10:00",
                    "location": "",
                    "meeting_url": "",
                    "instructor": "",
                }
            ]
        ),
    )
    response = client.post(reverse("cohorts:add"), data)
    assert response.status_code == 200
    assert "is outside the cohort&#x27;s dates" in response.content.decode()
    assert not Cohort.objects.exists()


def test_the_schedule_filters_by_instructor(client, as_coordinator, course):
    cohort = CohortFactory(course=course, code="AD-1-S", start_date=datetime.date(2027, 1, 1))
    ivan, olga = UserFactory(roles=[Role.INSTRUCTOR]), UserFactory(roles=[Role.INSTRUCTOR])
    start = datetime.datetime(2027, 1, 5, 9, tzinfo=datetime.UTC)
    Session.objects.create(
        cohort=cohort,
        title="Ivan's session",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        instructor=ivan,
    )
    Session.objects.create(
        cohort=cohort,
        title="Olga's session",
        starts_at=start + datetime.timedelta(days=1),
        ends_at=start + datetime.timedelta(days=1, hours=1),
        instructor=olga,
    )
    body = client.get(reverse("schedule:index"), {"instructor": ivan.pk}).content.decode()
    assert "Ivan&#x27;s session" in body
    assert "Olga&#x27;s session" not in body


def test_enrolling_in_the_admin_goes_through_capacity(client, as_coordinator, course):
    cohort = CohortFactory(course=course, code="AD-1-FULL", capacity=1)
    enroll_learner(cohort=cohort, learner=UserFactory())
    learner = UserFactory()
    response = client.post(
        reverse("wagtailsnippets_cohorts_enrollment:add"),
        {"learner": learner.pk, "cohort": cohort.pk, "due_date": ""},
    )
    assert response.status_code == 200
    assert "Cohort AD-1-FULL is full (1 places)." in response.content.decode()
    assert not Enrollment.objects.filter(learner=learner).exists()


def test_a_forbidden_status_change_in_the_admin_says_why(client, as_coordinator, course):
    enrollment = enroll_learner(cohort=CohortFactory(course=course), learner=UserFactory())
    enrollment.status = EnrollmentStatus.WITHDRAWN
    enrollment.save()
    response = client.post(
        reverse("wagtailsnippets_cohorts_enrollment:edit", args=[enrollment.pk]),
        {"status": "in_progress", "due_date": ""},
    )
    assert "cannot go from Withdrawn to In progress" in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.WITHDRAWN


def bulk_url(action, enrollments):
    base = reverse("wagtail_bulk_action", args=["cohorts", "enrollment", action])
    return base + "?" + "&".join(f"id={e.pk}" for e in enrollments) + "&next=/admin/"


def test_bulk_withdraw_reports_what_it_did_and_audits_each(client, as_coordinator, course):
    cohort = CohortFactory(course=course)
    enrollments = [enroll_learner(cohort=cohort, learner=UserFactory()) for _ in range(3)]
    enrollments[2].status = EnrollmentStatus.WITHDRAWN
    enrollments[2].save()
    response = client.post(
        bulk_url("withdraw", enrollments), {"reason": "Contract ended"}, follow=True
    )
    body = response.content.decode()
    assert "2 enrolment(s) withdrawn." in body
    assert "cannot go from Withdrawn to Withdrawn" in body
    assert (
        AuditEvent.objects.filter(
            action="enrollment.status_changed", message="Contract ended"
        ).count()
        == 2
    )


def test_bulk_due_date_and_move(client, as_coordinator, course):
    first, second = (
        CohortFactory(course=course, code="AD-1-X"),
        CohortFactory(course=course, code="AD-1-Y", capacity=1),
    )
    enrollments = [enroll_learner(cohort=first, learner=UserFactory()) for _ in range(2)]
    client.post(bulk_url("change_due_date", enrollments), {"due_date": "2027-03-01"})
    assert set(Enrollment.objects.values_list("due_date", flat=True)) == {datetime.date(2027, 3, 1)}
    response = client.post(
        bulk_url("move_to_cohort", enrollments), {"cohort": second.pk}, follow=True
    )
    body = response.content.decode()
    assert "1 enrolment(s) moved." in body
    assert "Cohort AD-1-Y is full." in body


def test_the_enrolment_export_neutralises_formulas_and_is_audited(client, as_coordinator, course):
    learner = UserFactory(first_name="=cmd|' /C calc'!A0", email="formula@example.com")
    enroll_learner(cohort=CohortFactory(course=course), learner=learner)
    response = client.get(reverse("wagtailsnippets_cohorts_enrollment:list"), {"export": "csv"})
    content = b"".join(response.streaming_content).decode()
    assert "formula@example.com" in content
    assert "'=cmd|" in content
    assert AuditEvent.objects.filter(action="export.downloaded").exists()


def test_saving_an_assignment_rule_assigns_matching_learners_and_new_joiners(
    client, as_coordinator, course
):
    org = OrganisationFactory(name="Northwind", slug="nw")
    warehouse = UserFactory(organisation=org, department="Warehouse", roles=[Role.LEARNER])
    UserFactory(organisation=org, department="Sales", roles=[Role.LEARNER])
    response = client.post(
        reverse("assignment_rules:add"),
        {
            "name": "Warehouse safety",
            "organisation": org.pk,
            "role": Role.LEARNER,
            "profile_field": "department",
            "profile_value": "warehouse",
            "course": course.pk,
            "cohort": "",
            "due_in_days": "14",
            "is_active": "on",
        },
        follow=True,
    )
    assert "1 learner(s) enrolled" in response.content.decode()
    enrollment = Enrollment.objects.get()
    assert enrollment.learner == warehouse
    assert enrollment.source == EnrollmentSource.RULE
    assert enrollment.due_date == datetime.date.today() + datetime.timedelta(days=14)
    assert AssignmentRule.objects.get().created_by == as_coordinator


def test_a_person_who_joins_later_is_assigned(django_capture_on_commit_callbacks, course):
    org = OrganisationFactory(name="Northwind", slug="nw")
    AssignmentRule.objects.create(name="All staff", organisation=org, course=course, due_in_days=7)
    with django_capture_on_commit_callbacks(execute=True):
        newcomer = UserFactory(organisation=org)
    assert Enrollment.objects.filter(learner=newcomer, source=EnrollmentSource.RULE).exists()
    with django_capture_on_commit_callbacks(execute=True):
        newcomer.save()
    assert Enrollment.objects.filter(learner=newcomer).count() == 1


@pytest.mark.parametrize("role", [Role.LEARNER, Role.INSTRUCTOR, Role.MANAGER])
@pytest.mark.parametrize(
    "url_name",
    [
        "cohorts:index",
        "schedule:index",
        "assignment_rules:index",
        "wagtailsnippets_cohorts_enrollment:list",
    ],
)
def test_other_roles_cannot_open_the_coordinator_admin(client, role, url_name):
    client.force_login(UserFactory(roles=[role], organisation=OrganisationFactory()))
    response = client.get(reverse(url_name))
    assert response.status_code in (302, 403)


@pytest.mark.parametrize(
    "url_name",
    [
        "cohorts:index",
        "cohorts:add",
        "schedule:index",
        "schedule:add",
        "assignment_rules:index",
        "assignment_rules:add",
        "wagtailsnippets_cohorts_enrollment:list",
        "wagtailsnippets_cohorts_enrollment:add",
        "lectern_enrollment_requests",
    ],
)
def test_the_coordinator_admin_pages_open(client, as_coordinator, url_name, course):
    enroll_learner(cohort=CohortFactory(course=course), learner=UserFactory())
    response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_only_instructors_are_offered_as_cohort_and_session_instructors(
    client, as_coordinator, course
):
    UserFactory(roles=[Role.INSTRUCTOR], first_name="Tessa", last_name="Teacher")
    learner = UserFactory(first_name="Larry", last_name="Learner")
    page = client.get(reverse("cohorts:add")).content.decode()
    assert "Tessa Teacher" in page
    assert "Larry Learner" not in page

    data = cohort_form(
        course,
        sessions=inline_formset(
            [
                {
                    "title": "Welcome",
                    "starts_at": "2027-01-11 09:00",
                    "ends_at": "2027-01-11 10:30",
                    "location": "",
                    "meeting_url": "",
                    "instructor": learner.pk,
                }
            ]
        ),
    )
    data["instructors"] = [learner.pk]
    response = client.post(reverse("cohorts:add"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert f"Select a valid choice. {learner.pk} is not one of the available choices." in body
    assert "Select a valid choice. That choice is not one of the available choices." in body
    assert not Cohort.objects.exists()


def test_an_instructor_assigned_before_keeps_the_cohort_editable(client, as_coordinator, course):
    former = UserFactory(first_name="Fiona", last_name="Former")
    cohort = CohortFactory(course=course)
    cohort.instructors.add(former)
    cohort.save()  # a ParentalManyToManyField is written on save
    page = client.get(reverse("cohorts:edit", args=[cohort.pk])).content.decode()
    assert "Fiona Former" in page
