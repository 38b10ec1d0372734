from django.urls import path

from lms.cohorts import views

app_name = "calendar"

urlpatterns = [
    path("", views.my_calendar, name="calendar"),
    path("new-address/", views.new_feed_address, name="new_feed_address"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
