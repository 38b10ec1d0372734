from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LessonProgressQuerySet(models.QuerySet):
    def for_learner(self, user):
        return self.filter(learner=user)

    def completed(self):
        return self.filter(completed_at__isnull=False)


class LessonProgress(models.Model):
    """A learner's progress on one lesson page. Kept across course versions."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    # PROTECT: a lesson learners have progress on cannot be deleted (unpublish it instead).
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.PROTECT, related_name="progress"
    )
    course = models.ForeignKey("courses.CoursePage", on_delete=models.PROTECT, related_name="+")
    first_viewed_at = models.DateTimeField(_("first viewed"), default=timezone.now)
    last_viewed_at = models.DateTimeField(_("last viewed"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    time_spent_seconds = models.PositiveIntegerField(_("time spent (seconds)"), default=0)

    objects = LessonProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "lesson"], name="progress_one_row_per_learner_lesson"
            )
        ]
        indexes = [models.Index(fields=["learner", "course"], name="progress_learner_course")]

    def __str__(self):
        return f"{self.learner} · {self.lesson_id}"

    @property
    def is_completed(self):
        return self.completed_at is not None
