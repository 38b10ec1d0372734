from django_tasks import task

from tests.core.sample_jobs import mark


@task()
def mark_task(name):
    return mark(name)
