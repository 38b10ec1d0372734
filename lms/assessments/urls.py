from django.urls import path

from lms.assessments.views import submissions

app_name = "assessments"

urlpatterns = [
    # Quiz taking (views/attempts.py)
    # Assignments and submissions (views/submissions.py)
    path("assignments/<int:pk>/", submissions.assignment_detail, name="assignment"),
    path(
        "submissions/<int:submission_pk>/files/<int:file_pk>/",
        submissions.submission_file,
        name="submission_file",
    ),
]
