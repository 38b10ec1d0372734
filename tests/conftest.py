import pytest
from django.core.cache import cache
from django.db import connection

from lms.accounts.roles import Role
from lms.core.sites import forget_sites
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    forget_sites()
    yield
    cache.clear()
    forget_sites()


@pytest.fixture(autouse=True)
def _skip_by_marker(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://...)")


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Northwind", slug="northwind")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Southwind", slug="southwind")


@pytest.fixture
def learner(db, organisation):
    return UserFactory(email="learner@example.com", organisation=organisation, roles=[Role.LEARNER])


@pytest.fixture
def administrator(db):
    return UserFactory(email="admin@example.com", roles=[Role.ADMINISTRATOR])


@pytest.fixture
def coordinator(db):
    return UserFactory(email="coordinator@example.com", roles=[Role.COORDINATOR])


@pytest.fixture
def manager(db, organisation):
    return UserFactory(email="manager@example.com", organisation=organisation, roles=[Role.MANAGER])


@pytest.fixture
def instructor(db):
    return UserFactory(email="instructor@example.com", roles=[Role.INSTRUCTOR])


# Tests that need real transactions (threads, Celery workers, on_commit) use
# @pytest.mark.django_db(transaction=True, serialized_rollback=True): their
# flush would otherwise empty the rows data migrations create (home page,
# catalogue, roles) for the transactional tests that follow.
