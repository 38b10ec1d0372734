import pytest
from django.contrib.auth import get_user
from django.contrib.auth.models import Group
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.accounts.exceptions import ManagerNeedsOrganisation, UnknownRole
from lms.accounts.roles import Role
from lms.accounts.services import assign_role, remove_role
from lms.audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group():
    assert set(Group.objects.values_list("name", flat=True)) >= {str(r) for r in Role}


@pytest.mark.parametrize(
    ("role", "perm", "expected"),
    [
        (Role.COORDINATOR, "accounts.invite_user", True),
        (Role.COORDINATOR, "audit.view_auditevent", False),
        (Role.ADMINISTRATOR, "audit.view_auditevent", True),
        (Role.ADMINISTRATOR, "accounts.assign_role", True),
        (Role.LEARNER, "wagtailadmin.access_admin", False),
        (Role.MANAGER, "wagtailadmin.access_admin", False),
        (Role.INSTRUCTOR, "wagtailadmin.access_admin", True),
        (Role.AUTHOR, "wagtailimages.add_image", True),
        (Role.SUPPORT, "accounts.change_user", False),
    ],
)
def test_role_permissions(role, perm, expected):
    user = UserFactory(roles=[role])
    assert user.has_perm(perm) is expected


def test_content_author_may_edit_pages_but_not_publish():
    from home.models import HomePage

    author = UserFactory(roles=[Role.AUTHOR])
    perms = HomePage.objects.get().permissions_for_user(author)
    assert perms.can_edit()
    assert perms.can_lock()
    assert not perms.can_publish()


def test_giving_a_role_is_audited_with_actor_and_role(administrator):
    person = UserFactory()
    assign_role(user=person, role=Role.INSTRUCTOR, by=administrator)
    assert person.has_role(Role.INSTRUCTOR)
    event = AuditEvent.objects.get(action="role.added", target_id=str(person.pk))
    assert event.after == {"role": "Instructor"}
    assert event.message == "Gave role Instructor"


def test_taking_a_role_away_is_audited(administrator):
    person = UserFactory(roles=[Role.INSTRUCTOR])
    remove_role(user=person, role=Role.INSTRUCTOR, by=administrator)
    assert not person.has_role(Role.INSTRUCTOR)
    event = AuditEvent.objects.get(action="role.removed", target_id=str(person.pk))
    assert event.before == {"role": "Instructor"}


def test_clearing_all_roles_audits_each_one():
    person = UserFactory(roles=[Role.INSTRUCTOR, Role.LEARNER])
    person.groups.clear()
    removed = AuditEvent.objects.filter(action="role.removed", target_id=str(person.pk))
    assert sorted(e.before["role"] for e in removed) == ["Instructor", "Learner"]


def test_a_coordinator_cannot_give_roles(coordinator):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        assign_role(user=UserFactory(), role=Role.ADMINISTRATOR, by=coordinator)


def test_a_manager_needs_an_organisation(administrator):
    with pytest.raises(ManagerNeedsOrganisation, match="needs an organisation"):
        assign_role(user=UserFactory(organisation=None), role=Role.MANAGER, by=administrator)


def test_unknown_role_is_refused_by_name(administrator):
    with pytest.raises(UnknownRole, match="Wizard"):
        assign_role(user=UserFactory(), role="Wizard", by=administrator)


def test_role_change_in_the_wagtail_admin_is_audited_with_the_admin_as_actor(client):
    admin = UserFactory(email="root@example.com", is_superuser=True)
    person = UserFactory(email="p@example.com", first_name="Pat", last_name="Lee")
    client.force_login(admin)
    group = Group.objects.get(name=Role.COORDINATOR)
    response = client.post(
        reverse("wagtailusers_users:edit", args=[person.pk]),
        {
            "email": "p@example.com",
            "first_name": "Pat",
            "last_name": "Lee",
            "is_active": "on",
            "groups": [group.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(action="role.added", target_id=str(person.pk))
    assert event.actor == admin
    assert event.after == {"role": "Coordinator"}


def test_the_session_user_arrives_with_their_roles_in_one_query(client, organisation):
    person = UserFactory(
        email="two-roles@example.com", organisation=organisation, roles=[Role.LEARNER, Role.MANAGER]
    )
    client.force_login(person)
    request = RequestFactory().get("/")
    request.session = client.session
    with CaptureQueriesContext(connection) as ctx:
        user = get_user(request)
        assert user.pk == person.pk
        assert user.role_names == {Role.LEARNER.value, Role.MANAGER.value}
        assert user.has_role(Role.MANAGER) and not user.has_role(Role.INSTRUCTOR)
    # the session row, then the user with their role names
    assert len(ctx.captured_queries) == 2, [q["sql"] for q in ctx.captured_queries]


def test_a_role_change_shows_on_the_next_request(client, organisation):
    person = UserFactory(
        email="changing@example.com", organisation=organisation, roles=[Role.LEARNER]
    )
    client.force_login(person)
    request = RequestFactory().get("/")
    request.session = client.session
    assert get_user(request).role_names == {Role.LEARNER.value}
    person.groups.clear()
    assert get_user(request).role_names == frozenset()
