"""
Lectern's roles are Django groups, created by a data migration with the
permissions below. Code asks about roles through these names, never through
group name strings scattered around.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEARNER = "Learner", _("Learner")
    INSTRUCTOR = "Instructor", _("Instructor")
    COORDINATOR = "Coordinator", _("Coordinator")
    MANAGER = "Corporate manager", _("Corporate manager")
    SUPPORT = "Support agent", _("Support agent")
    ADMINISTRATOR = "Administrator", _("Administrator")
    AUTHOR = "Content author", _("Content author")


# Roles whose members work in the Wagtail admin.
ADMIN_ROLES = {Role.COORDINATOR, Role.SUPPORT, Role.ADMINISTRATOR, Role.AUTHOR, Role.INSTRUCTOR}
# Roles that see every learner (operations staff).
STAFF_ROLES = {Role.COORDINATOR, Role.SUPPORT, Role.ADMINISTRATOR}

# Permissions each role holds, as "app_label.codename". Later apps extend this
# table in their own data migrations.
ROLE_PERMISSIONS = {
    Role.LEARNER: [],
    Role.INSTRUCTOR: ["wagtailadmin.access_admin"],
    Role.COORDINATOR: [
        "wagtailadmin.access_admin",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_organisation",
        "accounts.add_organisation",
        "accounts.change_organisation",
        "accounts.invite_user",
    ],
    Role.MANAGER: [],
    Role.SUPPORT: ["wagtailadmin.access_admin", "accounts.view_user", "accounts.view_organisation"],
    Role.ADMINISTRATOR: [
        "wagtailadmin.access_admin",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.delete_user",
        "accounts.view_organisation",
        "accounts.add_organisation",
        "accounts.change_organisation",
        "accounts.delete_organisation",
        "accounts.invite_user",
        "accounts.assign_role",
        "auth.view_group",
        "auth.add_group",
        "auth.change_group",
        "audit.view_auditevent",
        "django_q.view_schedule",
        "django_q.change_schedule",
        "django_q.view_failure",
    ],
    Role.AUTHOR: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
}

# Page-tree permissions per role, granted on the root page.
PAGE_PERMISSIONS = {
    Role.AUTHOR: ["add", "change", "lock"],
    Role.ADMINISTRATOR: ["add", "change", "publish", "lock", "unlock", "bulk_delete"],
}
# Image and document collection permissions per role, on the root collection.
COLLECTION_PERMISSIONS = {
    Role.AUTHOR: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
    Role.ADMINISTRATOR: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.delete_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.delete_document",
        "wagtaildocs.choose_document",
    ],
}


def sync_roles(apps, role_permissions, page_permissions=None, collection_permissions=None):
    """
    For data migrations: make sure each role's group exists and holds the
    given permissions (added, never removed). Permissions are created first,
    since Django otherwise only creates them after all migrations have run.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permission(dotted):
        app_label, codename = dotted.split(".", 1)
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    for role, perms in role_permissions.items():
        group, _ = Group.objects.get_or_create(name=str(role))
        group.permissions.add(*[permission(p) for p in perms])

    if page_permissions:
        Page = apps.get_model("wagtailcore", "Page")
        GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
        root = Page.objects.filter(depth=1).first()
        for role, kinds in page_permissions.items():
            group = Group.objects.get(name=str(role))
            for kind in kinds:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root, permission=permission(f"wagtailcore.{kind}_page")
                )

    if collection_permissions:
        Collection = apps.get_model("wagtailcore", "Collection")
        GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
        root = Collection.objects.filter(depth=1).first()
        for role, perms in collection_permissions.items():
            group = Group.objects.get(name=str(role))
            for dotted in perms:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root, permission=permission(dotted)
                )
