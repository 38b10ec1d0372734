"""
Storages shared by the apps. Learners' submissions and uploaded rosters go to
the private storage: never under MEDIA_ROOT (which a web server may publish),
only read by code or served by views that check permissions.
"""

from django.core.files.storage import storages


def private_storage():
    """The private storage, as a callable so migrations don't freeze the backend."""
    return storages["private"]
