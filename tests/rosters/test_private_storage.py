"""Roster files hold people's names and e-mail addresses: never in the published media storage."""

import importlib

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from lms.rosters.models import RosterImport
from tests.rosters.conftest import lectern_csv

migration = importlib.import_module("lms.rosters.migrations.0004_private_roster_files")


def test_uploaded_rosters_are_stored_privately(upload):
    roster_import = upload(
        lectern_csv("ada@example.com,Ada,Lovelace,,,,,"),
        second="x",
        name="users.csv",
    )

    for field in (roster_import.file, roster_import.second_file):
        assert field.storage is storages["private"]
        assert storages["private"].exists(field.name)
        assert not storages["default"].exists(field.name)
        assert field.name.startswith("rosters/")


def test_the_migration_moves_files_uploaded_before(upload):
    roster_import = upload(lectern_csv("ada@example.com,Ada,Lovelace,,,,,"))
    name = roster_import.file.name
    content = storages["private"].open(name).read()
    # As before the migration: the file in the default storage only.
    storages["private"].delete(name)
    storages["default"].save(name, ContentFile(content))

    migration.move_to_private(apps, None)

    assert storages["private"].open(name).read() == content
    assert not storages["default"].exists(name)
    assert RosterImport.objects.get().file.name == name
