from django.db import migrations

from lms.accounts.roles import Role, sync_roles

WORK = ["support.view_ticket", "support.change_ticket"]

PERMISSIONS = {
    # Instructors work the tickets of their own cohorts (Ticket.objects.workable_by).
    Role.INSTRUCTOR: WORK,
    Role.SUPPORT: [*WORK, "support.view_reports", "support.view_responsetarget"],
    Role.COORDINATOR: [*WORK, "support.view_reports", "support.view_responsetarget"],
    Role.ADMINISTRATOR: [
        *WORK,
        "support.view_reports",
        "support.view_responsetarget",
        "support.change_responsetarget",
    ],
}


def forwards(apps, schema_editor):
    sync_roles(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("support", "0002_response_targets"), ("accounts", "0002_create_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
