from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms.core import views as core_views
from search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("health/", core_views.health, name="health"),
    path("search/", search_views.search, name="search"),
    path("accounts/", include("lms.accounts.urls")),
    path("dashboard/", include("lms.dashboard.urls")),
    path("learn/", include("lms.progress.urls")),
    path("calendar/", include("lms.cohorts.urls")),
    path("assess/", include("lms.assessments.urls")),
    path("inbox/", include("lms.notifications.urls")),
    path("support/", include("lms.support.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "lms.core.views.page_not_found"
handler500 = "lms.core.views.server_error"
