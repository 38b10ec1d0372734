from django.db import migrations

from lms.accounts.roles import (
    COLLECTION_PERMISSIONS,
    PAGE_PERMISSIONS,
    ROLE_PERMISSIONS,
    sync_roles,
)


def create_roles(apps, schema_editor):
    sync_roles(apps, ROLE_PERMISSIONS, PAGE_PERMISSIONS, COLLECTION_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("audit", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
