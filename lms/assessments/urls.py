from django.urls import path

from lms.assessments.views import attempts, submissions

app_name = "assessments"

urlpatterns = [
    # Quiz taking (views/attempts.py)
    path("quizzes/<int:quiz_id>/", attempts.quiz_detail, name="quiz"),
    path("quizzes/<int:quiz_id>/start/", attempts.start, name="start"),
    path("attempts/<int:attempt_id>/", attempts.attempt_page, name="attempt"),
    path("attempts/<int:attempt_id>/save/", attempts.save, name="save"),
    path("attempts/<int:attempt_id>/submit/", attempts.submit, name="submit"),
    path("attempts/<int:attempt_id>/result/", attempts.result, name="result"),
    # Assignments and submissions (views/submissions.py)
    path("assignments/<int:pk>/", submissions.assignment_detail, name="assignment"),
    path(
        "submissions/<int:submission_pk>/files/<int:file_pk>/",
        submissions.submission_file,
        name="submission_file",
    ),
]
