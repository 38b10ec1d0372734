import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from lms.accounts.roles import Role
from lms.notifications.models import Notification
from lms.support.models import Ticket
from lms.support.services import flag_overdue, open_ticket
from tests.factories import UserFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_overdue_runs_at_once_notify_each_ticket_once():
    agent = UserFactory(roles=[Role.SUPPORT])
    learner = UserFactory(roles=[Role.LEARNER])
    tickets = [
        open_ticket(learner=learner, category="login", subject=f"S{n}", description="d")
        for n in range(5)
    ]
    Ticket.objects.update(due_at=timezone.now() - datetime.timedelta(hours=1))
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(flag_overdue())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(results) == len(tickets)
    assert Notification.objects.filter(kind="support.overdue", recipient=agent).count() == 5
