"""Authors build courses in the Wagtail editor; tested through the admin's own views."""

import pytest
import wagtail_factories
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from lms.accounts.roles import Role
from lms.courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from tests.factories import UserFactory
from tests.factories.courses import CoursePageFactory, build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(email="editor@example.com", is_superuser=True)
    client.force_login(user)
    return user


def add_page(client, model, parent, data, action="action-publish"):
    url = reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )
    return client.post(url, {**data, action: "1"})


def course_form(**overrides):
    data = {
        "title": "Fire Safety at Work",
        "slug": "fire-safety",
        "code": "fs-101",
        "status": "active",
        "summary": "What to do when the alarm sounds.",
        "description": rich_text("<p>Everything about fire safety.</p>"),
        "outcomes": "Raise the alarm\nUse an extinguisher",
        "course_type": "health_safety",
        "difficulty": "introductory",
        "language": "en",
        "estimated_minutes": "0",
        "skills": "Fire safety, Evacuation",
        "enrolment_mode": "open",
        "pass_score": "70",
        "recertification_months": "12",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_tree_rules_hold_on_both_ends():
    catalogue = CourseIndexPage.objects.get()
    assert CoursePage.can_create_at(catalogue)
    assert not LessonPage.can_create_at(catalogue)
    assert not ModulePage.can_create_at(catalogue)
    course = CoursePageFactory()
    assert ModulePage.can_create_at(course)
    assert not LessonPage.can_create_at(course)
    assert CourseIndexPage.max_count == 1


def test_an_editor_builds_and_publishes_a_course_with_every_block_type(client, editor):
    catalogue = CourseIndexPage.objects.get()
    response = add_page(client, CoursePage, catalogue, course_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    course = CoursePage.objects.get(slug="fire-safety")
    assert course.live and course.code == "FS-101"
    assert sorted(course.skills.names()) == ["Evacuation", "Fire safety"]

    add_page(
        client, ModulePage, course, {"title": "Before a fire", "slug": "before", "summary": ""}
    )
    module = ModulePage.objects.get(slug="before")
    image = wagtail_factories.ImageFactory()
    document = Document.objects.create(title="Evacuation plan")
    video = Document.objects.create(title="Drill video")
    body = streamfield(
        [
            ("rich_text", rich_text("<p>Know your exits.</p>")),
            ("heading", {"text": "Fire triangle", "level": "h2"}),
            (
                "image",
                {"image": image.pk, "alt_text": "A fire triangle", "caption": "Heat, fuel, oxygen"},
            ),
            (
                "video",
                {
                    "embed": "",
                    "file": video.pk,
                    "caption": "A drill",
                    "transcript": "Walk, do not run.",
                },
            ),
            ("document", {"document": document.pk, "title": "", "description": "Print it"}),
            (
                "callout",
                {"kind": "warning", "title": "Never", "text": rich_text("<p>Never use lifts.</p>")},
            ),
            ("code", {"language": "text", "code": "CALL 112", "caption": ""}),
            (
                "external_resource",
                {
                    "url": "https://www.gov.uk/workplace-fire-safety-your-responsibilities",
                    "title": "Fire safety duties",
                    "description": "",
                },
            ),
        ]
    )
    response = add_page(
        client,
        LessonPage,
        module,
        nested_form_data(
            {
                "title": "Raising the alarm",
                "slug": "alarm",
                "estimated_minutes": "12",
                "required_for_completion": "on",
                "body": body,
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    lesson = LessonPage.objects.get(slug="alarm")
    assert lesson.live
    assert [block.block_type for block in lesson.body] == [
        "rich_text",
        "heading",
        "image",
        "video",
        "document",
        "callout",
        "code",
        "external_resource",
    ]
    # The published course now has a recorded version with the module and lesson.
    version = course.versions.order_by("-number").first()
    assert version.number == 3  # course, then module, then lesson published
    assert [e.title for e in version.entries.all()] == ["Before a fire", "Raising the alarm"]


def test_a_video_needs_a_url_or_a_file(client, editor):
    _course, tree = build_course(modules=1, lessons=1)
    module = tree[0][0]
    body = streamfield([("video", {"embed": "", "file": "", "caption": "", "transcript": ""})])
    response = add_page(
        client,
        LessonPage,
        module,
        nested_form_data(
            {"title": "Empty video", "slug": "ev", "estimated_minutes": "5", "body": body}
        ),
    )
    assert response.status_code == 200
    assert "Give either a video URL or an uploaded file." in response.content.decode()


def test_course_codes_are_unique(client, editor):
    CoursePageFactory(code="DUP-1")
    response = add_page(
        client, CoursePage, CourseIndexPage.objects.get(), course_form(code="DUP-1", slug="x")
    )
    assert response.status_code == 200
    assert "code already exists" in response.content.decode().lower()


def test_an_author_submits_a_course_for_review_and_an_administrator_approves_it(client):
    author = UserFactory(email="author@example.com", roles=[Role.AUTHOR])
    reviewer = UserFactory(email="reviewer@example.com", roles=[Role.ADMINISTRATOR])
    client.force_login(author)
    response = add_page(
        client, CoursePage, CourseIndexPage.objects.get(), course_form(), action="action-submit"
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    course = CoursePage.objects.get(slug="fire-safety")
    assert not course.live
    workflow_state = course.current_workflow_state
    assert workflow_state is not None and workflow_state.workflow.name == "Course review"

    client.force_login(reviewer)
    task_state = workflow_state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[course.pk, "approve", task_state.pk]),
        {"comment": "Looks good"},
    )
    assert response.status_code in (200, 302)
    course.refresh_from_db()
    assert course.live


def test_an_author_cannot_publish_directly(client):
    author = UserFactory(email="author@example.com", roles=[Role.AUTHOR])
    client.force_login(author)
    add_page(client, CoursePage, CourseIndexPage.objects.get(), course_form())
    course = CoursePage.objects.filter(slug="fire-safety").first()
    assert course is not None and not course.live


def test_copying_a_course_makes_a_consistent_tree_with_a_new_code(client, editor):
    course, _tree = build_course(
        modules=2, lessons=2, code="ORIG-1", title="Original", slug="original"
    )
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[course.pk]),
        {
            "new_title": "Original (2027 run)",
            "new_slug": "original-2027",
            "new_code": "orig-2027",
            "new_parent_page": course.get_parent().pk,
            "copy_subpages": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    copy = CoursePage.objects.get(slug="original-2027")
    assert copy.code == "ORIG-2027"
    assert copy.latest_revision.as_object().code == "ORIG-2027"
    assert ModulePage.objects.child_of(copy).count() == 2
    assert LessonPage.objects.descendant_of(copy).count() == 4
    assert CoursePage.objects.get(pk=course.pk).code == "ORIG-1"


def test_copying_with_a_code_in_use_is_refused_with_a_message(client, editor):
    course, _tree = build_course(modules=1, lessons=1, code="ORIG-1", slug="original")
    CoursePageFactory(code="TAKEN-1")
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[course.pk]),
        {
            "new_title": "Copy",
            "new_slug": "copy",
            "new_code": "taken-1",
            "new_parent_page": course.get_parent().pk,
            "copy_subpages": "on",
        },
    )
    assert response.status_code == 200
    assert "The code TAKEN-1 is already used by another course." in response.content.decode()
    assert not Page.objects.filter(slug="copy").exists()


def test_code_is_stored_upper_case_and_not_blank():
    course = CoursePageFactory(code="  ab-1 ")
    course.refresh_from_db()
    assert course.code == "AB-1"
    with pytest.raises(ValidationError):
        CoursePageFactory(code="")
