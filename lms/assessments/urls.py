from django.urls import path  # noqa: F401  (each area adds its routes below)

app_name = "assessments"

urlpatterns = [
    # Quiz taking (views/attempts.py)
    # Assignments and submissions (views/submissions.py)
]
