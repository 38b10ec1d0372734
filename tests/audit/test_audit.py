import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from lms.audit.exceptions import AuditImmutable
from lms.audit.models import AuditEvent
from lms.audit.services import record

pytestmark = pytest.mark.django_db


def test_record_keeps_actor_target_and_values(administrator, learner):
    event = record(
        action="user.changed",
        actor=administrator,
        target=learner,
        before={"name": "Old"},
        after={"name": "New"},
    )
    event.refresh_from_db()
    assert event.actor == administrator
    assert event.actor_repr == "admin@example.com"
    assert event.target_id == str(learner.pk)
    assert event.target_repr == str(learner)
    assert (event.before, event.after) == ({"name": "Old"}, {"name": "New"})
    assert event.created_at.tzinfo is not None


def test_an_event_cannot_be_changed():
    event = record(action="x.y")
    event.action = "rewritten"
    with pytest.raises(AuditImmutable, match="cannot be changed"):
        event.save()


def test_an_event_cannot_be_deleted():
    event = record(action="x.y")
    with pytest.raises(AuditImmutable, match="cannot be deleted"):
        event.delete()


def test_bulk_update_and_delete_are_refused():
    record(action="x.y")
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.all().update(action="z")
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(action="x.y").count() == 1


@pytest.mark.postgres
def test_postgres_refuses_raw_update_and_delete():
    event = record(action="x.y")
    for sql in (
        "UPDATE audit_auditevent SET action = 'z' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "x.y"


def test_administrators_read_the_audit_log_in_the_admin(client, administrator, learner):
    record(action="role.added", actor=administrator, target=learner, message="Gave role Learner")
    client.force_login(administrator)
    response = client.get(reverse("audit:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Gave role Learner" in body
    assert reverse("audit:add") not in body


def test_the_audit_log_filters_by_action(client, administrator):
    record(action="auth.login_failed", message="Failed login for a@x.com")
    record(action="role.added", message="Gave role Coordinator")
    client.force_login(administrator)
    body = client.get(reverse("audit:index"), {"action": "login_failed"}).content.decode()
    assert "Failed login for a@x.com" in body
    assert "Gave role Coordinator" not in body


def test_nobody_may_add_or_delete_events_in_the_admin(client):
    from tests.factories import UserFactory

    root = UserFactory(is_superuser=True)
    event = record(action="x.y")
    client.force_login(root)
    assert client.get(reverse("audit:add")).status_code in (302, 403)
    client.post(reverse("audit:delete", args=[event.pk]))
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize("role_user", ["coordinator", "learner", "instructor"])
def test_other_roles_cannot_read_the_audit_log(client, role_user, request):
    client.force_login(request.getfixturevalue(role_user))
    response = client.get(reverse("audit:index"))
    assert response.status_code in (302, 403)


def test_exporting_the_audit_log_is_itself_audited(client, administrator):
    record(action="role.added", message='=HYPERLINK("http://evil")')
    client.force_login(administrator)
    response = client.get(reverse("audit:index"), {"export": "csv"})
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert "role.added" in content
    # Spreadsheet programs must read a leading "=" as text.
    assert "'=HYPERLINK" in content
    assert ",=HYPERLINK" not in content and '"=HYPERLINK' not in content
    exported = AuditEvent.objects.get(action="export.downloaded")
    assert exported.actor == administrator
    assert "csv" in exported.message
