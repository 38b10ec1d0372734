from django.urls import path

from lms.support import (
    converters,  # noqa: F401 (registers <ticket:...>)
    views,
)

app_name = "support"

urlpatterns = [
    path("", views.ticket_list, name="tickets"),
    path("new/", views.new_ticket, name="new"),
    path("<ticket:pk>/", views.ticket_detail, name="ticket"),
    path(
        "<ticket:pk>/files/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
]
