from django.db import migrations

from lms.accounts.roles import Role, sync_roles

PERMISSIONS = {
    role: [
        "cohorts.view_session",
        "cohorts.add_session",
        "cohorts.change_session",
        "cohorts.delete_session",
        "cohorts.view_assignmentrule",
        "cohorts.add_assignmentrule",
        "cohorts.change_assignmentrule",
        "cohorts.delete_assignmentrule",
    ]
    for role in (Role.COORDINATOR, Role.ADMINISTRATOR)
}
PERMISSIONS[Role.SUPPORT] = ["cohorts.view_session"]


def forwards(apps, schema_editor):
    sync_roles(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("cohorts", "0004_sessions_calendar_rules")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
