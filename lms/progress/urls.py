from django.urls import path

from lms.progress import views

app_name = "progress"

urlpatterns = [
    path("courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("courses/<int:course_id>/request/", views.request_a_place, name="request"),
    path("courses/<int:course_id>/resume/", views.resume, name="resume"),
    path("lessons/<int:lesson_id>/complete/", views.complete, name="complete"),
    path("lessons/<int:lesson_id>/time/", views.ping, name="ping"),
]
