from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    # Replace Wagtail's default welcome page with Lectern's home page.
    Page.objects.filter(content_type__app_label="wagtailcore", slug="home", depth=2).delete()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    homepage = HomePage.objects.create(
        title="Lectern",
        draft_title="Lectern",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        hero_title="Learning that runs itself",
        hero_text="Courses, cohorts, assessments and certificates in one place.",
        hero_cta_text="Sign in",
        locale=Locale.objects.order_by("pk").first(),
    )
    Site.objects.create(
        hostname="localhost", root_page=homepage, is_default_site=True, site_name="Lectern"
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("home.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial")]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
