"""
Create the catalogue page at /courses/ and a moderation workflow for courses:
an author submits, an administrator (the reviewer) approves and publishes.
"""

from django.db import migrations

from lms.accounts.roles import Role

REVIEWERS = [Role.ADMINISTRATOR]


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("home", "HomePage")
    CourseIndexPage = apps.get_model("courses", "CourseIndexPage")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Group = apps.get_model("auth", "Group")

    home = HomePage.objects.order_by("path").first()
    if home is None:
        return
    catalogue = CourseIndexPage.objects.filter(depth=home.depth + 1).first()
    if catalogue is None:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="courses", model="courseindexpage"
        )
        last_child = (
            Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
            .order_by("-path")
            .first()
        )
        if last_child is None:
            path = home.path + "0001"
        else:
            step = int(last_child.path[-4:], 36) + 1
            path = home.path + _base36(step).rjust(4, "0")
        catalogue = CourseIndexPage.objects.create(
            title="Courses",
            draft_title="Courses",
            slug="courses",
            content_type=content_type,
            path=path,
            depth=home.depth + 1,
            numchild=0,
            url_path=home.url_path + "courses/",
            locale_id=home.locale_id,
            live=True,
            intro="<p>Find a course, read what it covers and enrol, or continue one you started.</p>",
        )
        Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)

    task_content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name="Course review", defaults={"content_type": task_content_type, "active": True}
    )
    task.groups.set(Group.objects.filter(name__in=[str(r) for r in REVIEWERS]))
    workflow, _ = Workflow.objects.get_or_create(name="Course review", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page_id=catalogue.pk, defaults={"workflow": workflow})


def _base36(number):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while number:
        number, rem = divmod(number, 36)
        out = digits[rem] + out
    return out or "0"


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("home", "0002_create_homepage"),
        ("accounts", "0002_create_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
