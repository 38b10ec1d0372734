"""Form widgets for pages that render on every visit."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

_SELECTED = mark_safe(" selected")


class QuickSelect(forms.Select):
    """
    A Select rendered in Python: Django's own renders a template per option,
    which is most of a filter form's cost on the catalogue. Same markup for
    flat choices (no option groups), the same attributes (ids, aria-*,
    required) from the bound field.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, _SELECTED if key in chosen else "", label)
                for key, label in ((str(k), lbl) for k, lbl in self.choices)
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), options)
