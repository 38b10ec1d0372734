"""Admin URLs for grading, mounted by wagtail_hooks under /admin/grading/."""

from django.urls import path

from lms.assessments.views import grading

app_name = "grading"

urlpatterns = [
    path("", grading.queue, name="queue"),
    path("answers/<int:row_id>/", grading.answer, name="answer"),
    path("submissions/<int:submission_id>/", grading.submission, name="submission"),
    path("quizzes/", grading.quiz_stats_index, name="stats_index"),
    path("quizzes/<int:quiz_id>/", grading.quiz_stats, name="quiz_stats"),
]
