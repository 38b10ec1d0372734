import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from home.models import HomePage
from lms.core import sites

pytestmark = pytest.mark.django_db


def site_queries(client, url="/"):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, [q for q in ctx.captured_queries if "wagtailcore_site" in q["sql"]]


def test_the_site_is_looked_up_once_per_host_then_remembered(client):
    first, queries = site_queries(client)
    assert first.status_code == 200 and len(queries) == 1
    second, queries = site_queries(client)
    assert second.status_code == 200 and queries == []


def test_each_request_gets_its_own_site_and_root_page_instances(client, rf):
    client.get("/")
    (known, site), (_known, again) = (
        sites.remembered_site(rf.get("/")),
        sites.remembered_site(rf.get("/")),
    )
    assert known and site == again == Site.objects.get(is_default_site=True)
    assert site is not again and site.root_page is not again.root_page
    assert isinstance(site.root_page.specific, HomePage)


def test_requests_that_need_no_site_do_not_look_it_up(client):
    _response, queries = site_queries(client, "/health/")
    assert queries == []
    assert sites.remembered_site(client.get("/health/").wsgi_request) == (False, None)


def test_a_site_changed_during_the_lookup_is_not_remembered(rf):
    request = rf.get("/")
    generation = sites.current_generation()
    site = Site.find_for_request(request)
    sites.forget_sites()
    sites.remember_site(request, site, generation)
    assert sites.remembered_site(request) == (False, None)


def test_saving_a_site_is_seen_by_the_next_request(client):
    site_queries(client)
    home = HomePage.objects.get()
    other_root = Page.get_first_root_node().add_child(
        instance=HomePage(title="Other home", slug="other-home")
    )
    other_root.save_revision().publish()
    Site.objects.create(hostname="other.example", root_page=other_root)
    response = client.get("/", HTTP_HOST="other.example")
    assert response.status_code == 200 and "Other home" in response.content.decode()
    site = Site.objects.get(hostname="other.example")
    site.root_page = home
    site.save()
    _response, queries = site_queries(client)
    assert len(queries) == 1  # forgotten, looked up again
    response = client.get("/", HTTP_HOST="other.example")
    assert "Other home" not in response.content.decode()


def test_deleting_a_site_is_seen_by_the_next_request(client):
    assert client.get("/").status_code == 200
    Site.objects.all().delete()
    assert client.get("/").status_code == 404


def test_publishing_the_root_page_is_seen_by_the_next_request(client):
    client.get("/")
    home = HomePage.objects.get()
    home.hero_title = "Fresh from the editor"
    home.save_revision().publish()
    assert "Fresh from the editor" in client.get("/").content.decode()


def test_another_process_change_is_seen_after_max_age(client, monkeypatch):
    client.get("/")
    # A change made elsewhere sends no signal here.
    Site.objects.filter(is_default_site=True).update(is_default_site=False)
    assert client.get("/").status_code == 200  # still remembered
    clock = sites.time.monotonic() + sites.MAX_AGE_SECONDS + 1
    monkeypatch.setattr(sites.time, "monotonic", lambda: clock)
    assert client.get("/").status_code == 404
