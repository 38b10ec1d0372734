from django.core.management import call_command


def publish_scheduled_pages():
    """
    Wagtail's scheduled publishing: pages (and snippets) whose go-live time has
    come are published, those past their expiry unpublished. Runs every minute.
    """
    call_command("publish_scheduled", verbosity=0)
