"""What the roster screens show in their less common states: refused files, empty filters."""

import re

import pytest
from django.urls import reverse

from lms.rosters.models import RosterImport
from tests.rosters.conftest import lectern_csv, roster_file

pytestmark = pytest.mark.django_db


def upload(client, cohort, content, name="roster.csv"):
    client.post(
        reverse("rosters:upload"), {"cohort": cohort.pk, "file": roster_file(content, name)}
    )
    return RosterImport.objects.latest("pk")


def header_cells(page):
    return re.findall(r"<th>([^<]+)</th>", page)


def test_a_refused_file_lists_its_problems_by_line_without_empty_person_columns(
    client, coordinator, cohort
):
    client.force_login(coordinator)
    roster_import = upload(
        client, cohort, lectern_csv("rené@example.com,René,,,,,,").encode("latin-1")
    )
    page = client.get(reverse("rosters:detail", args=[roster_import.pk])).content.decode()
    assert header_cells(page) == ["Line", "Column", "Problem"]
    assert re.search(r"<td[^>]*>\s*2\s*</td>", page)
    assert "The file is not UTF-8: line 2" in page


def test_the_preview_puts_the_reason_next_to_the_person_and_field(client, coordinator, cohort):
    client.force_login(coordinator)
    roster_import = upload(client, cohort, lectern_csv("bad@,Bad,Address,,,,,"))
    page = client.get(reverse("rosters:detail", args=[roster_import.pk])).content.decode()
    assert header_cells(page) == ["Line", "Outcome", "Person", "Field", "Reason or note", "Due"]
    row = re.search(r"<tr>\s*<td[^>]*>2</td>(.*?)</tr>", page, re.S).group(1)
    cells = [
        re.sub(r"<[^>]+>", " ", cell).split()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    assert cells[1] == ["bad@", "Bad", "Address"]
    assert cells[2] == ["email"]
    assert " ".join(cells[3]) == "Invalid e-mail address “bad@”."
    # On a narrow screen each row is a card whose cells name themselves.
    assert 'class="roster-table roster-stack"' in page
    assert 'data-label="Field">email</td>' in page


def test_an_outcome_filter_without_rows_says_so(client, coordinator, cohort):
    client.force_login(coordinator)
    roster_import = upload(client, cohort, lectern_csv("ok@example.com,Oka,Kay,,,,,"))
    page = client.get(
        reverse("rosters:detail", args=[roster_import.pk]), {"outcome": "rejected"}
    ).content.decode()
    assert "No row of this roster has that outcome." in page


def test_a_cohort_roster_without_matches_says_so_and_offers_to_clear_the_filters(
    client, coordinator, cohort
):
    client.force_login(coordinator)
    url = reverse("rosters:cohort_roster", args=[cohort.pk])
    page = client.get(url, {"q": "nobody-at-all"}).content.decode()
    assert "No enrolment matches these filters." in page
    assert f'href="{url}"' in page


def test_the_cohorts_listing_leads_to_each_cohorts_roster_and_import(client, coordinator, cohort):
    client.force_login(coordinator)
    page = client.get(reverse("cohorts:index")).content.decode()
    assert reverse("rosters:cohort_roster", args=[cohort.pk]) in page
    assert f"{reverse('rosters:upload')}?cohort={cohort.pk}" in page
    assert "Roster and export" in page


def test_a_closed_cohort_offers_its_roster_but_no_import(client, coordinator, cohort):
    cohort.status = "closed"
    cohort.save()
    client.force_login(coordinator)
    page = client.get(reverse("cohorts:index")).content.decode()
    assert reverse("rosters:cohort_roster", args=[cohort.pk]) in page
    assert f"{reverse('rosters:upload')}?cohort={cohort.pk}" not in page
