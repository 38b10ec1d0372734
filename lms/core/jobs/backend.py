"""
A backend for Django's task framework (the TASKS setting) that hands each task
to Lectern's job runner, so Wagtail's own background work (reference index
updates, image renditions) runs outside the request on both runners.
"""

from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus

from lms.core import jobs


def run_django_task(module_path, args, kwargs):
    """Job entry point for a task declared with @task()."""
    from django.utils.module_loading import import_string

    task = import_string(module_path)
    return task.call(*args, **kwargs)


class LecternTaskBackend(BaseTaskBackend):
    supports_defer = False
    supports_async_task = False
    supports_get_result = False
    supports_priority = True

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        jobs.enqueue(
            "lms.core.jobs.backend.run_django_task", task.module_path, list(args), dict(kwargs)
        )
        return TaskResult(
            task=task,
            id=get_random_string(32),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
