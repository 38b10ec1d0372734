"""
The demo academy. Each later feature extends build_demo() with its own part;
every part is idempotent so `make run` can seed on every start.
"""

from dataclasses import dataclass

from django.db import transaction

from lms.accounts.roles import Role
from lms.demo.assessments import build_assessments
from lms.demo.courses import CoursesResult, build_courses
from lms.demo.factories import DEMO_PASSWORD, OrganisationFactory, PersonFactory
from lms.demo.rosters import import_sample_roster
from lms.demo.schedule import build_sessions
from lms.demo.support import build_support_tickets

ORGANISATIONS = [
    {
        "name": "Northwind Logistics",
        "slug": "northwind",
        "contact_name": "Priya Raman",
        "contact_email": "training@northwind.example",
    },
    {
        "name": "Harbour Health Trust",
        "slug": "harbour-health",
        "contact_name": "Tomás Ó Briain",
        "contact_email": "learning@harbourhealth.example",
    },
]

# One login per role, printed by `make run`.
ROLE_LOGINS = [
    ("admin@lectern.test", "Ada", "Okafor", [Role.ADMINISTRATOR], None, True),
    ("coordinator@lectern.test", "Chloé", "Martin", [Role.COORDINATOR], None, False),
    ("instructor@lectern.test", "Ivan", "Petrov", [Role.INSTRUCTOR], None, False),
    ("author@lectern.test", "Aiko", "Tanaka", [Role.AUTHOR], None, False),
    ("support@lectern.test", "Sam", "Reyes", [Role.SUPPORT], None, False),
    ("manager@northwind.example", "Marta", "Kowalska", [Role.MANAGER], "northwind", False),
    ("learner@northwind.example", "Liam", "Byrne", [Role.LEARNER], "northwind", False),
]

LEARNERS = [
    ("noor.haddad@northwind.example", "Noor", "Haddad", "northwind", "Warehouse"),
    ("jonas.weber@northwind.example", "Jonas", "Weber", "northwind", "Transport"),
    ("amelie.dubois@northwind.example", "Amélie", "Dubois", "northwind", "Warehouse"),
    ("kwame.mensah@harbourhealth.example", "Kwame", "Mensah", "harbour-health", "Nursing"),
    ("sofia.rossi@harbourhealth.example", "Sofia", "Rossi", "harbour-health", "Pharmacy"),
    ("siobhan.kelly@harbourhealth.example", "Siobhán", "Kelly", "harbour-health", "Nursing"),
    ("mateo.garcia@lectern.test", "Mateo", "García", None, ""),
]


@dataclass
class DemoResult:
    logins: list
    created: int
    courses: CoursesResult | None = None
    sessions: int = 0
    imported: int = 0
    tickets: int = 0
    assessments: int = 0


def build_demo():
    result = _build_people()
    # Not inside the transaction above: course versions are recorded as each
    # publish commits, so build_courses() commits course by course itself.
    result.courses = build_courses()
    result.sessions = build_sessions()
    result.imported = import_sample_roster()
    result.tickets = build_support_tickets()
    result.assessments = build_assessments()
    return result


@transaction.atomic
def _build_people():
    created = 0
    orgs = {}
    for spec in ORGANISATIONS:
        orgs[spec["slug"]] = OrganisationFactory(**spec)

    logins = []
    for email, first, last, roles, org_slug, is_superuser in ROLE_LOGINS:
        before = _exists(email)
        person = PersonFactory(
            email=email,
            first_name=first,
            last_name=last,
            organisation=orgs.get(org_slug),
            roles=roles,
            is_superuser=is_superuser,
            is_staff=is_superuser,
        )
        created += not before
        logins.append((", ".join(str(r.label) for r in roles), person.email, DEMO_PASSWORD))

    for email, first, last, org_slug, department in LEARNERS:
        before = _exists(email)
        PersonFactory(
            email=email,
            first_name=first,
            last_name=last,
            organisation=orgs.get(org_slug),
            department=department,
            roles=[Role.LEARNER],
        )
        created += not before
    return DemoResult(logins=logins, created=created)


def _exists(email):
    from lms.accounts.models import User

    return User.objects.filter(email__iexact=email).exists()
