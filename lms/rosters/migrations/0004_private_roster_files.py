"""
Roster uploads move from the default storage (under MEDIA_ROOT, which the
development server publishes at /media/) to the private storage. Files
uploaded before are moved across so imports still waiting to be applied
can be read.
"""

from django.core.files.storage import storages
from django.db import migrations, models

import lms.core.storage


def move_to_private(apps, schema_editor):
    RosterImport = apps.get_model("rosters", "RosterImport")
    public, private = storages["default"], storages["private"]
    for roster_import in RosterImport.objects.only("file", "second_file").iterator():
        for field in (roster_import.file, roster_import.second_file):
            _move(field.name, public, private)


def move_to_public(apps, schema_editor):
    RosterImport = apps.get_model("rosters", "RosterImport")
    public, private = storages["default"], storages["private"]
    for roster_import in RosterImport.objects.only("file", "second_file").iterator():
        for field in (roster_import.file, roster_import.second_file):
            _move(field.name, private, public)


def _move(name, source, target):
    """Copy under the same name (the rows keep pointing at it), then delete the old copy."""
    if not name or not source.exists(name) or target.exists(name):
        return
    with source.open(name, "rb") as content:
        saved = target.save(name, content)
    if saved != name:  # pragma: no cover - target.exists() was checked above
        raise RuntimeError(f"{name} was stored as {saved}")
    source.delete(name)


class Migration(migrations.Migration):
    dependencies = [
        ("rosters", "0003_drop_row_import_fk_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="rosterimport",
            name="file",
            field=models.FileField(
                max_length=255,
                storage=lms.core.storage.private_storage,
                upload_to="rosters/%Y/%m/",
                verbose_name="file",
            ),
        ),
        migrations.AlterField(
            model_name="rosterimport",
            name="second_file",
            field=models.FileField(
                blank=True,
                help_text="Canvas enrollments.csv uploaded with users.csv.",
                max_length=255,
                storage=lms.core.storage.private_storage,
                upload_to="rosters/%Y/%m/",
                verbose_name="second file",
            ),
        ),
        migrations.RunPython(move_to_private, move_to_public, elidable=True),
    ]
