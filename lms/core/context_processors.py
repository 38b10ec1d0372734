from django.conf import settings


def lectern(request):
    return {"LECTERN_VERSION": settings.LECTERN_VERSION, "SITE_NAME": settings.WAGTAIL_SITE_NAME}
