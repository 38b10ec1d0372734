import pytest
from django.urls import reverse

from lms.audit.models import AuditEvent
from lms.cohorts.models import Enrollment, EnrollmentRequest, EnrollmentSource
from lms.courses.models import EnrolmentMode
from tests.factories.courses import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def by_request(course):
    course.enrolment_mode = EnrolmentMode.REQUEST
    return publish(course)


def test_a_learner_asks_for_a_place_and_a_coordinator_approves(
    client, learner, coordinator, by_request
):
    client.force_login(learner)
    assert (
        reverse("progress:request", args=[by_request.pk])
        in client.get(by_request.url).content.decode()
    )
    response = client.post(
        reverse("progress:request", args=[by_request.pk]),
        {"message": "For my new role"},
        follow=True,
    )
    assert "was sent to the training coordinators" in response.content.decode()
    place_request = EnrollmentRequest.objects.get(learner=learner)
    assert place_request.message == "For my new role"
    again = client.post(reverse("progress:request", args=[by_request.pk]), follow=True)
    assert "You already asked for a place" in again.content.decode()

    client.force_login(coordinator)
    listing = client.get(reverse("lectern_enrollment_requests")).content.decode()
    assert "For my new role" in listing
    client.post(
        reverse("lectern_enrollment_requests"),
        {"request_id": place_request.pk, "decision": "approve"},
    )
    place_request.refresh_from_db()
    assert place_request.status == EnrollmentRequest.Status.APPROVED
    enrollment = Enrollment.objects.get(learner=learner, course=by_request)
    assert enrollment.source == EnrollmentSource.COORDINATOR
    assert AuditEvent.objects.filter(action="enrollment.request_approved").exists()


def test_declining_needs_a_reason(client, learner, coordinator, by_request):
    client.force_login(learner)
    client.post(reverse("progress:request", args=[by_request.pk]))
    place_request = EnrollmentRequest.objects.get()
    client.force_login(coordinator)
    response = client.post(
        reverse("lectern_enrollment_requests"),
        {"request_id": place_request.pk, "decision": "decline", "note": ""},
        follow=True,
    )
    assert "Give a reason when declining a request." in response.content.decode()
    client.post(
        reverse("lectern_enrollment_requests"),
        {"request_id": place_request.pk, "decision": "decline", "note": "Full this year"},
    )
    place_request.refresh_from_db()
    assert place_request.status == EnrollmentRequest.Status.DECLINED
    assert not Enrollment.objects.exists()


def test_open_courses_take_no_requests(client, learner, course):
    client.force_login(learner)
    response = client.post(reverse("progress:request", args=[course.pk]), follow=True)
    assert "does not take requests for places" in response.content.decode()


@pytest.mark.parametrize("who", ["learner", "instructor", "manager"])
def test_only_coordinators_decide_requests(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("lectern_enrollment_requests")).status_code in (302, 403)


@pytest.mark.parametrize(
    ("decision", "note", "said"),
    [("approve", "", "request approved."), ("decline", "Full this year", "request declined.")],
)
def test_the_decision_message_names_the_learner_and_the_decision(
    client, learner, coordinator, by_request, decision, note, said
):
    client.force_login(learner)
    client.post(reverse("progress:request", args=[by_request.pk]))
    place_request = EnrollmentRequest.objects.get()
    client.force_login(coordinator)
    response = client.post(
        reverse("lectern_enrollment_requests"),
        {"request_id": place_request.pk, "decision": decision, "note": note},
        follow=True,
    )
    assert f"{learner}: {said}" in response.content.decode()
