from django.template import Context, Template
from django.urls import reverse, set_script_prefix


def render(source):
    return Template("{% load lectern_tags %}" + source).render(Context())


def test_fixed_url_gives_what_url_gives():
    assert render('{% fixed_url "search" %}') == reverse("search")
    assert (
        render('{% fixed_url "accounts:login" as u %}[{{ u }}]') == f"[{reverse('accounts:login')}]"
    )


def test_fixed_url_follows_the_script_prefix():
    plain = render('{% fixed_url "search" %}')
    set_script_prefix("/lectern/")
    try:
        prefixed = render('{% fixed_url "search" %}')
        assert prefixed == reverse("search") == "/lectern" + plain
    finally:
        set_script_prefix("/")
    assert render('{% fixed_url "search" %}') == plain
