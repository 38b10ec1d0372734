from django.db import migrations

from lms.accounts.roles import Role, sync_roles

ROSTER_PERMISSIONS = [
    "rosters.add_rosterimport",
    "rosters.view_rosterimport",
    "rosters.change_rosterimport",
]
PERMISSIONS = {Role.COORDINATOR: ROSTER_PERMISSIONS, Role.ADMINISTRATOR: ROSTER_PERMISSIONS}


def forwards(apps, schema_editor):
    sync_roles(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("rosters", "0001_initial"), ("accounts", "0002_create_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
