"""The scoping rule: anything outside a person's scope answers 404."""

import pytest
from django.urls import reverse

from lms.accounts.models import User
from lms.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def person_url(user):
    return reverse("accounts:person", args=[user.pk])


def test_a_learner_sees_their_own_card(client, learner):
    client.force_login(learner)
    response = client.get(person_url(learner))
    assert response.status_code == 200
    assert learner.email in response.content.decode()


def test_a_learner_gets_404_for_anyone_else(client, learner, organisation):
    colleague = UserFactory(organisation=organisation, roles=[Role.LEARNER])
    client.force_login(learner)
    assert client.get(person_url(colleague)).status_code == 404


def test_an_unknown_id_is_the_same_404(client, learner):
    client.force_login(learner)
    assert client.get(reverse("accounts:person", args=[987654])).status_code == 404


def test_a_manager_sees_their_organisations_people_only(
    client, manager, organisation, other_organisation
):
    own = UserFactory(organisation=organisation, roles=[Role.LEARNER])
    foreign = UserFactory(organisation=other_organisation, roles=[Role.LEARNER])
    client.force_login(manager)
    assert client.get(person_url(own)).status_code == 200
    assert client.get(person_url(foreign)).status_code == 404


def test_an_instructor_sees_only_themselves_until_they_have_cohorts(client, instructor, learner):
    client.force_login(instructor)
    assert client.get(person_url(learner)).status_code == 404


def test_a_coordinator_sees_everyone(client, coordinator, learner):
    client.force_login(coordinator)
    assert client.get(person_url(learner)).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, learner):
    response = client.get(person_url(learner))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_visible_to_scopes_the_queryset(manager, organisation, other_organisation, learner):
    UserFactory(organisation=other_organisation)
    visible = set(User.objects.visible_to(manager))
    assert visible == set(User.objects.filter(organisation=organisation))
    assert learner in visible
