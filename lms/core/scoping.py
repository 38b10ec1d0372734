"""
The scoping primitive every view uses: a QuerySet method visible_to(user)
decides what a person may see, and anything outside it is a 404, never a 403,
so ids of other people's records reveal nothing.
"""

from django.http import Http404
from django.utils.translation import gettext as _


def get_visible_or_404(queryset, user, **lookup):
    """Fetch one object from queryset.visible_to(user), or raise Http404."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(
            _("No %(name)s found.") % {"name": queryset.model._meta.verbose_name}
        ) from exc
