"""Who may author assessments: authors and administrators edit, staff read, learners nothing."""

import pytest
from django.urls import reverse

from lms.accounts.roles import Role
from lms.assessments.models import Question, QuestionBank, Quiz
from tests.assessments.test_authoring import CAPITALS, question_data
from tests.factories.accounts import UserFactory
from tests.factories.assessments import (
    AssignmentFactory,
    QuestionCategoryFactory,
    RubricFactory,
    make_question,
    make_quiz,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def things():
    category = QuestionCategoryFactory()
    question = make_question(category=category)
    return {
        "bank": category.bank,
        "category": category,
        "question": question,
        "quiz": make_quiz([question]),
        "assignment": AssignmentFactory(),
        "rubric": RubricFactory(),
    }


# (url name prefix, key in things)
VIEWSETS = [
    ("questionbank", "bank"),
    ("questioncategory", "category"),
    ("question", "question"),
    ("wagtailsnippets_assessments_quiz", "quiz"),
    ("wagtailsnippets_assessments_assignment", "assignment"),
    ("wagtailsnippets_assessments_rubric", "rubric"),
]


def index_url(prefix):
    return reverse(f"{prefix}:list" if prefix.startswith("wagtailsnippets") else f"{prefix}:index")


def every_url(things):
    for prefix, key in VIEWSETS:
        pk = things[key].pk
        yield index_url(prefix)
        yield reverse(f"{prefix}:add")
        yield reverse(f"{prefix}:edit", args=[pk])
        yield reverse(f"{prefix}:delete", args=[pk])
    yield reverse("question_chooser:choose")


@pytest.mark.parametrize("role", [Role.AUTHOR, Role.ADMINISTRATOR])
def test_authors_and_administrators_open_every_authoring_screen(client, things, role):
    client.force_login(UserFactory(roles=[role]))
    for prefix, key in VIEWSETS:
        for url in (
            index_url(prefix),
            reverse(f"{prefix}:add"),
            reverse(f"{prefix}:edit", args=[things[key].pk]),
        ):
            response = client.get(url)
            assert response.status_code == 200, url


@pytest.mark.parametrize("role", [Role.INSTRUCTOR, Role.COORDINATOR, Role.SUPPORT])
def test_other_staff_list_but_cannot_add_edit_or_delete(client, things, role):
    client.force_login(UserFactory(roles=[role]))
    for prefix, key in VIEWSETS:
        listing = client.get(index_url(prefix))
        assert listing.status_code == 200, prefix
        edit_url = reverse(f"{prefix}:edit", args=[things[key].pk])
        assert reverse(f"{prefix}:add") not in listing.content.decode()
        for url in (reverse(f"{prefix}:add"), edit_url):
            # Wagtail answers a missing permission with a redirect to the dashboard.
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"] == reverse("wagtailadmin_home"), url


def test_an_instructor_cannot_post_changes(client, things):
    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))
    question = things["question"]
    data = question_data(question.bank, choices=CAPITALS, name="Hijacked")
    client.post(reverse("question:edit", args=[question.pk]), data)
    client.post(reverse("question:add"), data)
    client.post(reverse("question:delete", args=[question.pk]))
    client.post(reverse("questionbank:add"), {"name": "Mine", "description": ""})
    client.post(reverse("wagtailsnippets_assessments_quiz:delete", args=[things["quiz"].pk]))
    assert Question.objects.get(pk=question.pk).name == question.name
    assert not Question.objects.filter(name="Hijacked").exists()
    assert not QuestionBank.objects.filter(name="Mine").exists()
    assert Quiz.objects.filter(pk=things["quiz"].pk).exists()


def test_a_learner_reaches_no_assessments_admin_url(client, things):
    client.force_login(UserFactory(roles=[Role.LEARNER]))
    for url in every_url(things):
        response = client.get(url)
        # Without admin access Wagtail sends them to its login page.
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("wagtailadmin_login")), url
    question = things["question"]
    client.post(
        reverse("question:edit", args=[question.pk]),
        question_data(question.bank, choices=CAPITALS, name="Learner edit"),
    )
    assert not Question.objects.filter(name="Learner edit").exists()


def test_anonymous_visitors_are_sent_to_log_in(client, things):
    response = client.get(reverse("question:index"))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


def test_authors_can_publish_and_lock_quizzes(things):
    author = UserFactory(roles=[Role.AUTHOR])
    for codename in ("publish_quiz", "lock_quiz", "unlock_quiz", "publish_assignment"):
        assert author.has_perm(f"assessments.{codename}")
    instructor = UserFactory(roles=[Role.INSTRUCTOR])
    assert not instructor.has_perm("assessments.publish_quiz")
    assert not instructor.has_perm("assessments.change_question")
    assert instructor.has_perm("assessments.view_questioncategory")
