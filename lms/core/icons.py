"""
Lectern's line icons (24 by 24, drawn with currentColor), as the inner markup
of an <svg>. Rendered by the {% icon %} template tag (lms.core.templatetags.
lectern_tags): a dictionary lookup instead of a template include, which cost
about as much as the rest of a small component each time it ran.
"""

from django.utils.safestring import SafeString

_MARKUP = {
    "search": ('<circle cx="11" cy="11" r="7"/><path d="m20 20-4.2-4.2"/>'),
    "user": ('<circle cx="12" cy="8" r="4"/><path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7"/>'),
    "chevron-down": '<path d="m6 9 6 6 6-6"/>',
    "chevron-left": '<path d="m15 18-6-6 6-6"/>',
    "chevron-right": '<path d="m9 18 6-6-6-6"/>',
    "arrow-right": '<path d="M5 12h14M13 6l6 6-6 6"/>',
    "arrow-left": '<path d="M19 12H5M11 18l-6-6 6-6"/>',
    "logout": (
        '<path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4"/><path d="m16 17 5-5-5-5M21 12H9"/>'
    ),
    "login": (
        '<path d="M15 3h4a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-4"/><path d="m10 17 5-5-5-5M15 12H3"/>'
    ),
    "success": ('<circle cx="12" cy="12" r="9"/><path d="m8 12.5 2.7 2.7L16 9.8"/>'),
    "info": ('<circle cx="12" cy="12" r="9"/><path d="M12 11v5M12 7.5v.01"/>'),
    "debug": ('<circle cx="12" cy="12" r="9"/><path d="M12 11v5M12 7.5v.01"/>'),
    "warning": (
        '<path d="M10.3 3.9 2.4 17.5A2 2 0 0 0 4.1 20.5h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z"/>'  # noqa: E501 (drawing data)
        '<path d="M12 9.5v4M12 17v.01"/>'
    ),
    "error": ('<circle cx="12" cy="12" r="9"/><path d="m15 9-6 6M9 9l6 6"/>'),
    "book": (
        '<path d="M2.5 5.5C4.5 4.2 7.6 4 12 5.6c4.4-1.6 7.5-1.4 9.5-.1V19c-2-1.2-5.1-1.2-9.5.4-4.4-1.6-7.5-1.6-9.5-.4z"/>'  # noqa: E501 (drawing data)
        '<path d="M12 5.6v13.8"/>'
    ),
    "calendar": (
        '<rect x="3" y="5" width="18" height="16" rx="2"/>'
        '<path d="M3 10h18M8 3v4M16 3v4"/>'
        '<path d="M8 14h.01M12 14h.01M16 14h.01M8 17.5h.01M12 17.5h.01"/>'
    ),
    "award": (
        '<circle cx="12" cy="9" r="6"/>'
        '<path d="m8.6 13.9-1.6 7.1 5-2.8 5 2.8-1.6-7.1"/>'
        '<path d="m9.8 9 1.5 1.5 3-3"/>'
    ),
    "admin": (
        '<rect x="3" y="3" width="7" height="7" rx="1.5"/>'
        '<rect x="14" y="3" width="7" height="7" rx="1.5"/>'
        '<rect x="3" y="14" width="7" height="7" rx="1.5"/>'
        '<rect x="14" y="14" width="7" height="7" rx="1.5"/>'
    ),
    "lock": (
        '<rect x="4" y="11" width="16" height="10" rx="2"/><path d="M8 11V7a4 4 0 0 1 8 0v4"/>'
    ),
    "key": (
        '<circle cx="7.5" cy="15.5" r="4.5"/><path d="m10.7 12.3 9.3-9.3M16.5 6.5l3 3M14 9l2 2"/>'
    ),
    "mail": ('<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3.5 6.5 8.5 6 8.5-6"/>'),
    "home": ('<path d="M3 10.5 12 3l9 7.5"/><path d="M5 9v12h14V9"/><path d="M10 21v-6h4v6"/>'),
    "clock": ('<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3.5 2"/>'),
    "compass": ('<circle cx="12" cy="12" r="9"/><path d="m15.8 8.2-2.1 5.5-5.5 2.1 2.1-5.5z"/>'),
    "building": (
        '<path d="M4 21V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v17M16 9h3a1 1 0 0 1 1 1v11M2 21h20"/>'
        '<path d="M8 7h4M8 11h4M8 15h4"/>'
    ),
    "briefcase": (
        '<rect x="3" y="7" width="18" height="13" rx="2"/>'
        '<path d="M9 7V5a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v2M3 13h18"/>'
    ),
    "users": (
        '<circle cx="9" cy="8" r="3.5"/>'
        '<path d="M2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6"/>'
        '<path d="M16 4.6a3.5 3.5 0 0 1 0 6.8M18.5 14.4c1.8.8 3 2.8 3 5.6"/>'
    ),
    "shield": (
        '<path d="M12 3 4.5 6v5.5c0 4.6 3.2 8.4 7.5 9.5 4.3-1.1 7.5-4.9 7.5-9.5V6z"/>'
        '<path d="m9 12 2.2 2.2L15.5 10"/>'
    ),
    "file": (
        '<path d="M14 3H6.5A1.5 1.5 0 0 0 5 4.5v15A1.5 1.5 0 0 0 6.5 21h11a1.5 1.5 0 0 0 1.5-1.5V8z"/>'  # noqa: E501 (drawing data)
        '<path d="M14 3v5h5M8.5 13h7M8.5 16.5h5"/>'
    ),
    "flag": ('<path d="M5 21V4"/><path d="M5 4h12.5l-2.5 4.5 2.5 4.5H5"/>'),
    "check": '<path d="m5 12.5 4.5 4.5L19 7.5"/>',
    "edit": ('<path d="M4 20h4L19 9a2.8 2.8 0 0 0-4-4L4 16z"/><path d="m13.5 6.5 4 4"/>'),
    "level": '<path d="M5 20v-5M12 20V10M19 20V4"/>',
    "globe": (
        '<circle cx="12" cy="12" r="9"/>'
        '<path d="M3 12h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9c-2.5-2.6-3.8-5.6-3.8-9S9.5 5.6 12 3z"/>'  # noqa: E501 (drawing data)
    ),
    "play": ('<circle cx="12" cy="12" r="9"/><path d="m10 8.5 5.5 3.5-5.5 3.5z"/>'),
    "download": (
        '<path d="M12 4v11M7 10.5l5 5 5-5"/><path d="M4 17v2a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-2"/>'
    ),
    "external": (
        '<path d="M14 4h6v6M20 4l-9 9"/>'
        '<path d="M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5"/>'
    ),
    "lightbulb": (
        '<path d="M9 18h6M10 21h4"/>'
        '<path d="M12 3a6 6 0 0 0-3.6 10.8c.7.6 1.1 1.4 1.1 2.2h5c0-.8.4-1.6 1.1-2.2A6 6 0 0 0 12 3z"/>'  # noqa: E501 (drawing data)
    ),
    "layers": ('<path d="m12 3 9 5-9 5-9-5z"/><path d="m3 13 9 5 9-5"/>'),
    "circle": '<circle cx="12" cy="12" r="8"/>',
    "sliders": (
        '<path d="M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0"/>'
        '<circle cx="16" cy="6" r="2"/>'
        '<circle cx="10" cy="12" r="2"/>'
        '<circle cx="18" cy="18" r="2"/>'
    ),
    "percent": (
        '<path d="M19 5 5 19"/><circle cx="7" cy="7" r="2.5"/><circle cx="17" cy="17" r="2.5"/>'
    ),
    "refresh": (
        '<path d="M20 11a8 8 0 0 0-14.6-4.5L4 8"/>'
        '<path d="M4 4v4h4"/>'
        '<path d="M4 13a8 8 0 0 0 14.6 4.5L20 16"/>'
        '<path d="M20 20v-4h-4"/>'
    ),
    "map-pin": (
        '<path d="M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21z"/>'
        '<circle cx="12" cy="9.5" r="2.5"/>'
    ),
}

ICON_PATHS = {name: SafeString(markup) for name, markup in _MARKUP.items()}
