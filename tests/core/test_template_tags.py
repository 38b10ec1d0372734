import pytest

from lms.core.templatetags.lectern_tags import duration, loop_icon


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(0, ""), (None, ""), (45, "45 min"), (60, "1 h"), (90, "1 h 30 min"), ("x", "")],
)
def test_duration_reads_as_hours_and_minutes(minutes, text):
    assert duration(minutes) == text


def test_loop_icon_is_decorative_svg():
    svg = loop_icon("check", "icon--sm")
    assert svg.startswith('<svg class="icon icon--sm"') and 'aria-hidden="true"' in svg
