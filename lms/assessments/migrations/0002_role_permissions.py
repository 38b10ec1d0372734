from django.db import migrations

from lms.accounts.roles import Role, sync_roles

AUTHORING = ["questionbank", "questioncategory", "question", "quiz", "assignment", "rubric"]
OPERATIONS = ["attempt", "submission"]


def crud(models, kinds=("view", "add", "change", "delete")):
    return [f"assessments.{kind}_{model}" for model in models for kind in kinds]


# Wagtail adds these to snippets with drafts and locking after migrate; roles
# need them now.
SNIPPET_EXTRA = [
    f"assessments.{kind}_{model}"
    for model in ("quiz", "assignment")
    for kind in ("publish", "lock", "unlock")
]

PERMISSIONS = {
    Role.AUTHOR: crud(AUTHORING) + SNIPPET_EXTRA,
    Role.INSTRUCTOR: [*crud(AUTHORING + OPERATIONS, kinds=("view",)), "assessments.grade"],
    Role.COORDINATOR: [*crud(AUTHORING + OPERATIONS, kinds=("view",)), "assessments.grade"],
    Role.SUPPORT: crud(AUTHORING + OPERATIONS, kinds=("view",)),
    Role.ADMINISTRATOR: crud(AUTHORING)
    + SNIPPET_EXTRA
    + crud(OPERATIONS, kinds=("view",))
    + ["assessments.grade"],
}


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in ("quiz", "assignment"):
        ct, _ = ContentType.objects.get_or_create(app_label="assessments", model=model)
        for kind in ("publish", "lock", "unlock"):
            Permission.objects.get_or_create(
                content_type=ct,
                codename=f"{kind}_{model}",
                defaults={"name": f"Can {kind} {model}"},
            )
    sync_roles(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial"), ("accounts", "0002_create_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
