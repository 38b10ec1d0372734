"""Storages by role, as callables so models' migrations do not freeze a backend."""

from django.core.files.storage import storages


def private_storage():
    """Files only ever served by views that check permissions (never under MEDIA_ROOT)."""
    return storages["private"]
