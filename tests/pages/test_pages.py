import pytest
from django.urls import reverse
from wagtail.models import Page, Site

from home.models import HomePage

pytestmark = pytest.mark.django_db


def test_the_home_page_renders_its_hero(client):
    home = HomePage.objects.get()
    home.hero_title = "Learn without the spreadsheets"
    home.save_revision().publish()
    response = client.get("/")
    assert response.status_code == 200
    assert "Learn without the spreadsheets" in response.content.decode()


def test_the_home_page_is_the_default_sites_root():
    assert isinstance(Site.objects.get(is_default_site=True).root_page.specific, HomePage)


def test_home_page_tree_rules():
    assert HomePage.max_count == 1
    assert HomePage.parent_page_types == ["wagtailcore.Page"]


def test_search_finds_published_pages(client):
    home = HomePage.objects.get()
    child = home.add_child(instance=HomePage.__base__(title="Fire safety refresher", slug="fire"))
    child.save_revision().publish()
    hidden = home.add_child(instance=Page(title="Fire drill draft", slug="draft", live=False))
    response = client.get(reverse("search"), {"query": "fire"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Fire safety refresher" in body
    assert hidden.title not in body


def test_search_without_a_query_shows_the_form(client):
    response = client.get(reverse("search"))
    assert response.status_code == 200
    assert 'name="query"' in response.content.decode()


def test_an_unknown_address_gets_the_sites_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Lectern" in response.content.decode()


def test_a_new_learners_dashboard_says_what_to_do(client, learner):
    client.force_login(learner)
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    assert "/courses/" in response.content.decode()


def test_the_dashboard_needs_a_login(client):
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302


def test_featured_pages_show_the_editors_blurb(client):
    from home.models import HomePageFeatured

    home = HomePage.objects.get()
    course = home.add_child(instance=Page(title="Manual handling", slug="manual-handling"))
    HomePageFeatured.objects.create(home=home, page=course, blurb="Lift safely, every time.")
    home.save_revision().publish()
    body = client.get("/").content.decode()
    assert "Manual handling" in body
    assert "Lift safely, every time." in body
