import pytest
from django.template import Context, Template

from lms.core.templatetags.lectern_tags import duration, duration_left, icon


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(0, ""), (None, ""), (45, "45 min"), (60, "1 h"), (90, "1 h 30 min"), ("x", "")],
)
def test_duration_reads_as_hours_and_minutes(minutes, text):
    assert duration(minutes) == text


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(0, ""), (45, "about 45 min left"), (120, "about 2 h left"), (95, "about 1 h 35 min left")],
)
def test_duration_left_reads_as_time_still_to_go(minutes, text):
    assert duration_left(minutes) == text


def test_icon_is_decorative_svg():
    svg = icon("check", "icon--sm")
    assert svg.startswith('<svg class="icon icon--sm"') and 'aria-hidden="true"' in svg
    assert '<path d="m5 12.5 4.5 4.5L19 7.5"/></svg>' in svg


def test_icon_escapes_its_class_and_draws_nothing_for_an_unknown_name():
    rendered = Template("{% load lectern_tags %}{% icon name cls %}").render(
        Context({"name": "no-such-icon", "cls": '"><script>'})
    )
    assert "<script>" not in rendered
    assert rendered.endswith('focusable="false"></svg>')


def test_the_former_icon_and_duration_includes_render_like_the_tags():
    rendered = Template(
        '{% include "components/icon.html" with name="clock" classname="icon--sm" %}|'
        '{% include "components/course_icon.html" with name="globe" %}|'
        '{% load lectern_tags %}{% loop_icon "check" %}|'
        '{% include "components/duration.html" with minutes=90 %}|'
        '{% include "components/duration.html" with minutes=45 left=True %}'
    ).render(Context({}))
    assert rendered.split("|") == [
        icon("clock", "icon--sm"),
        icon("globe"),
        icon("check"),
        "1 h 30 min",
        "about 45 min left",
    ]
