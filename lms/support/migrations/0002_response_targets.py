from django.db import migrations

# (category, hours, queue): first answers to login and access problems within
# a working day; coursework questions go to the cohort's instructors.
DEFAULT_TARGETS = [
    ("login", 8, "support"),
    ("course_access", 8, "support"),
    ("assignment", 24, "academic"),
    ("certificate", 24, "support"),
    ("billing", 24, "support"),
    ("technical", 8, "support"),
    ("other", 48, "support"),
]


def forwards(apps, schema_editor):
    ResponseTarget = apps.get_model("support", "ResponseTarget")
    for category, hours, queue in DEFAULT_TARGETS:
        ResponseTarget.objects.get_or_create(
            category=category, defaults={"response_hours": hours, "queue": queue}
        )


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
