"""
Small, fast helpers for what templates render many times per page (icons,
durations, course outlines): Python instead of template includes.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from lms.core.icons import ICON_PATHS

register = template.Library()


@lru_cache(maxsize=512)
def _icon_markup(name, classname):
    return format_html(
        '<svg class="icon{}" viewBox="0 0 24 24" fill="none" stroke="currentColor" '
        'stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" '
        'focusable="false">{}</svg>',
        f" {classname}" if classname else "",
        ICON_PATHS.get(name, SafeString("")),
    )


_fixed_urls = {}


@register.simple_tag
def fixed_url(name):
    """
    {% url %} for a view that takes no arguments, remembered per process: the
    header and footer name the same dozen URLs on every page, and the URLconf
    does not change while the process runs. Keyed by the script prefix and
    the request's URLconf, so a site mounted under a prefix stays right.
    Usage: {% fixed_url "search" %} or {% fixed_url "dashboard:home" as url %}
    """
    key = (name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    url = _fixed_urls.get(key)
    if url is None:
        url = _fixed_urls[key] = reverse(name)
    return url


@register.simple_tag
def icon(name, classname=""):
    """
    An inline line icon. Decorative: the text next to it carries the meaning,
    so it is hidden from assistive technology. An unknown name draws nothing.
    Usage: {% icon "calendar" "icon--lg" %}
    """
    return _icon_markup(str(name), str(classname or ""))


# The tag's former name, for templates written before it covered every icon.
register.simple_tag(icon, name="loop_icon")


@register.filter
def duration(minutes):
    """45 → "45 min", 120 → "2 h", 90 → "1 h 30 min"; nothing for 0 or None."""
    hours, rest = _hours_minutes(minutes)
    if hours is None:
        return ""
    if not hours:
        return _("%(m)d min") % {"m": rest}
    if not rest:
        return _("%(h)d h") % {"h": hours}
    return _("%(h)d h %(m)d min") % {"h": hours, "m": rest}


@register.filter
def duration_left(minutes):
    """Time still to go: "about 45 min left", "about 1 h 30 min left"; nothing for 0."""
    hours, rest = _hours_minutes(minutes)
    if hours is None:
        return ""
    if not hours:
        return _("about %(m)d min left") % {"m": rest}
    if not rest:
        return _("about %(h)d h left") % {"h": hours}
    return _("about %(h)d h %(m)d min left") % {"h": hours, "m": rest}


def _hours_minutes(minutes):
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return None, None
    if minutes <= 0:
        return None, None
    return divmod(minutes, 60)
