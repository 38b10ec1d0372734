"""Small, fast helpers for templates rendered many times per page (course outlines)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()

# Icons drawn inside loops, kept here so a 50-lesson outline does not run a
# template include per row. Same drawing as components/icon.html; fixed markup.
_ICON_PATHS = {
    "check": SafeString('<path d="m5 12.5 4.5 4.5L19 7.5"/>'),
    "file": SafeString(
        '<path d="M14 3H6.5A1.5 1.5 0 0 0 5 4.5v15A1.5 1.5 0 0 0 6.5 21h11'
        'a1.5 1.5 0 0 0 1.5-1.5V8z"/><path d="M14 3v5h5M8.5 13h7M8.5 16.5h5"/>'
    ),
}


@register.simple_tag
def loop_icon(name, classname=""):
    return format_html(
        '<svg class="icon{}" viewBox="0 0 24 24" fill="none" stroke="currentColor" '
        'stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" '
        'focusable="false">{}</svg>',
        f" {classname}" if classname else "",
        _ICON_PATHS[name],
    )


@register.filter
def duration(minutes):
    """45 → "45 min", 120 → "2 h", 90 → "1 h 30 min"; nothing for 0 or None."""
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return ""
    if minutes <= 0:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(m)d min") % {"m": rest}
    if not rest:
        return _("%(h)d h") % {"h": hours}
    return _("%(h)d h %(m)d min") % {"h": hours, "m": rest}
