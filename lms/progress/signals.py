from django.dispatch import Signal

# Sent after a learner completes a lesson for the first time:
# sender=LessonProgress, progress=..., enrollment=... (later apps re-evaluate completion).
lesson_completed = Signal()
