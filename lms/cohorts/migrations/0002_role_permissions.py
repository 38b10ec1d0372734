from django.db import migrations

from lms.accounts.roles import Role, sync_roles

PERMISSIONS = {
    Role.COORDINATOR: [
        "cohorts.view_cohort",
        "cohorts.add_cohort",
        "cohorts.change_cohort",
        "cohorts.view_enrollment",
        "cohorts.add_enrollment",
        "cohorts.change_enrollment",
    ],
    Role.ADMINISTRATOR: [
        "cohorts.view_cohort",
        "cohorts.add_cohort",
        "cohorts.change_cohort",
        "cohorts.delete_cohort",
        "cohorts.view_enrollment",
        "cohorts.add_enrollment",
        "cohorts.change_enrollment",
    ],
    Role.SUPPORT: ["cohorts.view_cohort", "cohorts.view_enrollment"],
}


def forwards(apps, schema_editor):
    sync_roles(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("cohorts", "0001_initial"), ("accounts", "0002_create_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
