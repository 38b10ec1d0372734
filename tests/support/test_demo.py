import pytest

from lms.accounts.roles import Role
from lms.demo.support import build_support_tickets
from lms.support.models import Ticket, TicketComment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_tickets_cover_a_conversation_an_overdue_and_a_resolved_ticket_once():
    UserFactory(email="support@lectern.test", roles=[Role.SUPPORT])
    for email in (
        "learner@northwind.example",
        "noor.haddad@northwind.example",
        "jonas.weber@northwind.example",
    ):
        UserFactory(email=email, roles=[Role.LEARNER])

    assert build_support_tickets() == 3
    assert build_support_tickets() == 0

    assert Ticket.objects.count() == 3
    answered = Ticket.objects.get(learner__email="learner@northwind.example")
    assert answered.comments.filter(is_internal=False).count() == 1
    assert answered.comments.filter(is_internal=True).count() == 1
    assert answered.attachments.get().original_name == "console-log.txt"
    assert list(Ticket.objects.overdue().values_list("learner__email", flat=True)) == [
        "noor.haddad@northwind.example"
    ]
    assert Ticket.objects.get(status="resolved").learner.email == "jonas.weber@northwind.example"
    assert TicketComment.objects.count() == 3
