import pytest

from lms.cohorts.services import self_enroll
from tests.factories.courses import build_course


@pytest.fixture
def course_tree(db):
    return build_course(
        modules=2, lessons=3, title="Safe Lifting", slug="safe-lifting", code="SL-1"
    )


@pytest.fixture
def course(course_tree):
    return course_tree[0]


@pytest.fixture
def lessons(course_tree):
    return [lesson for _module, module_lessons in course_tree[1] for lesson in module_lessons]


@pytest.fixture
def enrolled(client, learner, course):
    self_enroll(course=course, learner=learner)
    client.force_login(learner)
    return learner
