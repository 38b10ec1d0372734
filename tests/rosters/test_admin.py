"""The roster screens in the Wagtail admin, through their URL names."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from lms.accounts.models import User
from lms.cohorts.models import Enrollment, EnrollmentStatus
from lms.rosters.models import ImportStatus, RosterImport
from lms.rosters.services import apply_roster
from tests.rosters.conftest import lectern_csv, roster_file

pytestmark = pytest.mark.django_db

ROSTER = lectern_csv(
    "nia@example.com,<script>alert('x')</script>,<b>Bold</b>,,,,,",
    "bad@,Bad,Address,,,,,",
    "ok@example.com,Oka,Kay,,,,,",
    "ok@example.com,Oka,Again,,,,,",
)


def post_upload(client, cohort, content=ROSTER, name="roster.csv", **extra):
    return client.post(
        reverse("rosters:upload"),
        {"cohort": cohort.pk, "file": roster_file(content, name), **extra},
    )


def test_upload_preview_apply_and_undo(
    client, coordinator, cohort, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    assert client.get(reverse("rosters:upload")).status_code == 200

    response = post_upload(client, cohort)
    roster_import = RosterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("rosters:detail", args=[roster_import.pk])
    assert not User.objects.filter(email="nia@example.com").exists()  # only checked

    preview = client.get(response["Location"]).content.decode()
    assert "Checked, not applied" in preview
    # Rejected rows come first, each with its line, field and reason.
    lines = re.findall(r"<tr>\s*<td[^>]*>(\d+)</td>", preview)
    assert lines == ["3", "5", "2", "4"]
    assert "Invalid e-mail address “bad@”." in preview
    assert "Duplicate of line 4: ok@example.com appears more than once in this file." in preview
    assert "New learner" in preview and "New enrolment" in preview
    # Names are text: markup is escaped, never rendered.
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &lt;b&gt;Bold&lt;/b&gt;" in preview
    assert "<script>alert(" not in preview
    assert "<b>Bold</b>" not in preview
    assert 'name="send_invitations"' in preview

    rejected_only = client.get(response["Location"], {"outcome": "rejected"}).content.decode()
    assert re.findall(r"<tr>\s*<td[^>]*>(\d+)</td>", rejected_only) == ["3", "5"]

    with django_capture_on_commit_callbacks(execute=True):
        applied = client.post(
            reverse("rosters:apply", args=[roster_import.pk]), {"send_invitations": "on"}
        )
    assert applied.status_code == 302
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.APPLIED
    nia = User.objects.get(email="nia@example.com")
    assert nia.first_name == "<script>alert('x')</script>"  # stored as the text it is
    assert sorted(message.to[0] for message in mail.outbox) == ["nia@example.com", "ok@example.com"]

    result = client.get(reverse("rosters:detail", args=[roster_import.pk])).content.decode()
    assert "Roster applied: 2 enrolment(s) written, 2 new person(s)." in result
    assert "Invitations were sent to new people." in result
    assert reverse("rosters:undo", args=[roster_import.pk]) in result

    confirm = client.get(reverse("rosters:undo", args=[roster_import.pk]))
    assert "Undo the import" in confirm.content.decode()
    undone = client.post(reverse("rosters:undo", args=[roster_import.pk]), follow=True)
    assert "Import undone: 2 enrolment(s) withdrawn, 2 person(s) deactivated" in (
        undone.content.decode()
    )
    assert set(Enrollment.objects.values_list("status", flat=True)) == {EnrollmentStatus.WITHDRAWN}

    again = client.post(reverse("rosters:undo", args=[roster_import.pk]), follow=True)
    assert "This import was already undone on" in again.content.decode()

    listing = client.get(reverse("rosters:index")).content.decode()
    assert "roster.csv" in listing and "Undone" in listing


def test_a_refused_file_shows_its_problems_and_no_apply_button(client, coordinator, cohort):
    client.force_login(coordinator)
    post_upload(client, cohort, lectern_csv("rené@example.com,René,,,,,,").encode("latin-1"))
    roster_import = RosterImport.objects.get()
    page = client.get(reverse("rosters:detail", args=[roster_import.pk])).content.decode()
    assert "The file was refused" in page
    assert "The file is not UTF-8: line 2" in page
    assert 'name="send_invitations"' not in page


def test_the_upload_form_refuses_other_file_types(client, coordinator, cohort):
    client.force_login(coordinator)
    response = post_upload(client, cohort, b"%PDF-1.7", "roster.pdf")
    assert response.status_code == 200
    assert "Upload a .csv or .xlsx file; “roster.pdf” is neither." in response.content.decode()
    assert not RosterImport.objects.exists()


def test_closed_cohorts_are_not_offered(client, coordinator, cohort, other_cohort):
    other_cohort.status = "closed"
    other_cohort.save()
    client.force_login(coordinator)
    page = client.get(reverse("rosters:upload"), {"cohort": cohort.pk}).content.decode()
    assert "COH-001 — Spring run" in page
    assert "COH-002" not in page


@override_settings(LECTERN_ROSTER_BACKGROUND_BYTES=10, LECTERN_ROSTER_BACKGROUND_ROWS=1)
def test_large_files_are_checked_and_applied_by_jobs_with_progress(
    client, coordinator, cohort, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    roster = lectern_csv("a@example.com,A,A,,,,,", "b@example.com,B,B,,,,,")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_upload(client, cohort, roster)
    roster_import = RosterImport.objects.get()
    assert roster_import.status == ImportStatus.QUEUED
    page = client.get(reverse("rosters:detail", args=[roster_import.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Waiting for the background job runner" in page

    # Halfway through a check, the page shows how far it got.
    RosterImport.objects.filter(pk=roster_import.pk).update(
        status=ImportStatus.CHECKING, progress_percent=40, rows_checked=1000
    )
    page = client.get(reverse("rosters:detail", args=[roster_import.pk])).content.decode()
    assert '<progress class="roster-progress" max="100" value="40">' in page
    assert "Checking: 1000 rows so far (40%)." in page

    for callback in callbacks:  # the job runner picks the check up
        callback()
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.CHECKED
    assert roster_import.rows_new_learner == 2
    page = client.get(reverse("rosters:detail", args=[roster_import.pk])).content.decode()
    assert "http-equiv" not in page

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("rosters:apply", args=[roster_import.pk]))
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.APPLYING
    page = client.get(reverse("rosters:detail", args=[roster_import.pk])).content.decode()
    assert "Applying 2 rows in one transaction" in page
    assert "http-equiv" in page
    # Applying twice while the job is queued is refused politely.
    response = client.post(reverse("rosters:apply", args=[roster_import.pk]), follow=True)
    assert "This import is being applied now." in response.content.decode()

    for callback in callbacks:
        callback()
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.APPLIED
    assert Enrollment.objects.filter(cohort=cohort).count() == 2


def test_the_menu_item_shows_to_coordinators_only(client, coordinator, instructor):
    client.force_login(coordinator)
    assert reverse("rosters:index") in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(instructor)
    assert reverse("rosters:index") not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_administrators_may_use_every_screen(client, administrator, cohort, upload):
    roster_import = upload(ROSTER)
    client.force_login(administrator)
    for url in (
        reverse("rosters:index"),
        reverse("rosters:upload"),
        reverse("rosters:detail", args=[roster_import.pk]),
        reverse("rosters:cohort_roster", args=[cohort.pk]),
    ):
        assert client.get(url).status_code == 200, url


# Who may not ---------------------------------------------------------------------------


@pytest.fixture
def views(upload, cohort, coordinator):
    roster_import = upload(ROSTER)
    applied = apply_roster(
        roster_import=upload(lectern_csv("z@example.com,Z,Z,,,,,")), by=coordinator
    )
    return [
        ("get", reverse("rosters:index"), {}),
        ("get", reverse("rosters:upload"), {}),
        ("post", reverse("rosters:upload"), {"cohort": cohort.pk, "file": roster_file(ROSTER)}),
        ("get", reverse("rosters:template", args=["csv"]), {}),
        ("get", reverse("rosters:detail", args=[roster_import.pk]), {}),
        ("post", reverse("rosters:apply", args=[roster_import.pk]), {}),
        ("get", reverse("rosters:undo", args=[applied.pk]), {}),
        ("post", reverse("rosters:undo", args=[applied.pk]), {}),
        ("get", reverse("rosters:cohort_roster", args=[cohort.pk]), {}),
        ("get", reverse("rosters:cohort_roster", args=[cohort.pk]), {"export": "csv"}),
    ]


@pytest.mark.parametrize("person", ["learner", "instructor", "manager"])
def test_learners_instructors_and_managers_cannot_reach_any_roster_view(
    client, request, views, person
):
    client.force_login(request.getfixturevalue(person))
    imports_before = list(RosterImport.objects.values_list("pk", "status"))
    for method, url, data in views:
        response = getattr(client, method)(url, data)
        if person == "instructor":
            # May use the admin, but not rosters: Wagtail turns the refusal
            # into a redirect to the dashboard with "you do not have permission".
            assert response.status_code == 302, (method, url)
            assert response["Location"] == reverse("wagtailadmin_home"), (method, url)
        else:  # may not use the admin at all
            assert response.status_code == 302, (method, url)
            assert response["Location"].startswith(reverse("wagtailadmin_login")), (method, url)
    assert list(RosterImport.objects.values_list("pk", "status")) == imports_before
    assert Enrollment.objects.filter(status=EnrollmentStatus.ASSIGNED).count() == 1
