from django.urls import path

from lms.dashboard import views

app_name = "dashboard"

urlpatterns = [path("", views.learner_dashboard, name="home")]
