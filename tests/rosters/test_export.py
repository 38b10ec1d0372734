"""Roster export: filters, formula escaping, audit."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from lms.audit.models import AuditEvent
from lms.cohorts.models import EnrollmentSource, EnrollmentStatus
from tests.factories import UserFactory
from tests.rosters.conftest import enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(cohort, organisation, other_organisation):
    dangerous = UserFactory(
        email="mallory@example.com",
        first_name='=HYPERLINK("http://evil.example","click")',
        last_name="+1+2",
        department="-5",
        job_title="@SUM(A1:A9)",
        employee_id="\tE-1",
        organisation=organisation,
    )
    carriage = UserFactory(
        email="carriage@example.com",
        first_name="Carl",
        last_name="Ross",
        department="\r=cmd",
        organisation=organisation,
    )
    plain = UserFactory(
        email="plain@example.com",
        first_name="Pat",
        last_name="Plain",
        organisation=other_organisation,
    )
    gone = UserFactory(email="gone@example.com", first_name="Gus", last_name="Gone")
    enrol(dangerous, cohort, source=EnrollmentSource.IMPORT)
    enrol(carriage, cohort)
    enrol(plain, cohort, source=EnrollmentSource.IMPORT)
    enrol(gone, cohort, status=EnrollmentStatus.WITHDRAWN)
    return cohort


def export(client, cohort, **params):
    return client.get(reverse("rosters:cohort_roster", args=[cohort.pk]), params)


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # so Excel reads it as UTF-8
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_csv_export_neutralises_every_formula_cell(client, coordinator, roster):
    client.force_login(coordinator)
    response = export(client, roster, export="csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="roster-COH-001-')
    rows = {row["email"]: row for row in read_csv(response)}
    mallory = rows["mallory@example.com"]
    assert mallory["first_name"] == '\'=HYPERLINK("http://evil.example","click")'
    assert mallory["last_name"] == "'+1+2"
    assert mallory["department"] == "'-5"
    assert mallory["job_title"] == "'@SUM(A1:A9)"
    assert mallory["employee_id"] == "'\tE-1"
    assert mallory["organisation"] == "northwind"
    assert mallory["cohort"] == "COH-001"
    assert rows["carriage@example.com"]["department"] == "'\r=cmd"
    assert rows["plain@example.com"]["first_name"] == "Pat"


def test_xlsx_export_neutralises_formulas_so_cells_stay_text(client, coordinator, roster):
    client.force_login(coordinator)
    response = export(client, roster, export="xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:8] == [
        "email",
        "first_name",
        "last_name",
        "organisation",
        "department",
        "job_title",
        "employee_id",
        "due_date",
    ]
    by_email = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    mallory = by_email["mallory@example.com"]
    assert mallory[1].value == '\'=HYPERLINK("http://evil.example","click")'
    assert mallory[1].data_type == "s"  # text, not a formula
    assert mallory[2].value == "'+1+2"
    assert mallory[4].value == "'-5"
    assert mallory[5].value == "'@SUM(A1:A9)"


def test_export_applies_the_filters(client, coordinator, roster, organisation):
    client.force_login(coordinator)
    # Active enrolments by default: the withdrawn one is left out.
    emails = {row["email"] for row in read_csv(export(client, roster, export="csv"))}
    assert emails == {"mallory@example.com", "carriage@example.com", "plain@example.com"}

    everyone = read_csv(export(client, roster, export="csv", status="all"))
    assert len(everyone) == 4
    withdrawn = read_csv(export(client, roster, export="csv", status="withdrawn"))
    assert [row["email"] for row in withdrawn] == ["gone@example.com"]
    northwind = read_csv(export(client, roster, export="csv", organisation=organisation.pk))
    assert {row["email"] for row in northwind} == {"mallory@example.com", "carriage@example.com"}
    imported = read_csv(export(client, roster, export="csv", source="import"))
    assert {row["email"] for row in imported} == {"mallory@example.com", "plain@example.com"}
    searched = read_csv(export(client, roster, export="csv", q="PLAIN"))
    assert [row["email"] for row in searched] == ["plain@example.com"]


def test_exports_are_audited_with_their_filters(client, coordinator, roster):
    client.force_login(coordinator)
    export(client, roster, export="xlsx", status="all", source="import")
    event = AuditEvent.objects.get(action="export.downloaded")
    assert event.actor == coordinator
    assert event.target_repr == str(roster)
    assert event.message == "Exported the roster of COH-001 as xlsx"
    assert event.after["rows"] == 2
    assert event.after["filters"] == {"status": "all", "source": "import"}
    assert event.after["model"] == "cohorts.Enrollment"


def test_an_unknown_export_format_is_a_bad_request(client, coordinator, roster):
    client.force_login(coordinator)
    response = export(client, roster, export="pdf")
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="export.downloaded").exists()


def test_the_roster_page_lists_and_filters_enrolments(client, coordinator, roster):
    client.force_login(coordinator)
    response = export(client, roster, status="all")
    assert response.status_code == 200
    content = response.content.decode()
    assert "4 enrolments match." in content
    assert "gone@example.com" in content
    # Markup in names is shown as text.
    assert "=HYPERLINK(&quot;http://evil.example&quot;" in content


def test_the_template_downloads_with_lecterns_columns(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("rosters:template", args=["csv"]))
    assert response.content.decode("utf-8").removeprefix("\ufeff").strip() == (
        "email,first_name,last_name,organisation,department,job_title,employee_id,due_date"
    )
    response = client.get(reverse("rosters:template", args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "email"
    assert client.get(reverse("rosters:template", args=["pdf"])).status_code == 404
