"""Authors build questions, quizzes, assignments and rubrics in the Wagtail admin."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from lms.accounts.roles import Role
from lms.assessments.models import (
    Attempt,
    AttemptQuestion,
    Question,
    QuestionCategory,
    QuestionType,
    Quiz,
)
from lms.courses.models import LessonPage
from tests.factories.accounts import UserFactory
from tests.factories.assessments import (
    AssignmentFactory,
    QuestionBankFactory,
    QuestionCategoryFactory,
    RubricFactory,
    make_question,
    make_quiz,
)
from tests.factories.courses import CoursePageFactory, build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(client):
    user = UserFactory(email="author@example.com", roles=[Role.AUTHOR])
    client.force_login(user)
    return user


def formset(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def question_data(bank, type="single", *, choices=(), ranges=(), pairs=(), **overrides):
    data = {
        "bank": str(bank.pk),
        "category": "",
        "new_category": "",
        "name": "Capital of France",
        "type": type,
        "text": rich_text("<p>What is the capital of France?</p>"),
        "points": "2",
        "general_feedback": rich_text(""),
        "multiple_scoring": "all_or_nothing",
        **formset("choices", [{"text": t, "credit": str(c), "feedback": f} for t, c, f in choices]),
        **formset("ranges", list(ranges)),
        **formset("pairs", [{"prompt": p, "answer": a} for p, a in pairs]),
    }
    data.update(overrides)
    return data


CAPITALS = [("Paris", 100, "Right."), ("Lyon", 0, "No."), ("Nice", 0, "")]


def post_new_question(client, data):
    return client.post(reverse("question:add"), data)


def errors_of(response):
    return response.content.decode()


# Questions ------------------------------------------------------------------------


def test_an_author_creates_a_single_choice_question_in_a_new_category(client, author):
    bank = QuestionBankFactory(name="Geography")
    response = post_new_question(
        client, question_data(bank, choices=CAPITALS, new_category="Europe")
    )
    assert response.status_code == 302, errors_of(response)[:3000]
    question = Question.objects.get(name="Capital of France")
    assert question.category == QuestionCategory.objects.get(bank=bank, name="Europe")
    version = question.current_version
    assert version.type == QuestionType.SINGLE and version.points == Decimal("2")
    assert "What is the capital of France?" in version.text
    assert [(c.text, c.credit, c.feedback) for c in version.choices.all()] == [
        ("Paris", Decimal("100.00"), "Right."),
        ("Lyon", Decimal("0.00"), "No."),
        ("Nice", Decimal("0.00"), ""),
    ]


def test_the_add_form_renders_in_the_admin_with_draftail(client, author):
    response = client.get(reverse("question:add"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-controller="w-formset"' in html
    assert "Draftail" in html or "draftail" in html
    assert "Add a choice" in html and "Matching pairs" in html


def test_pasted_scripts_and_event_handlers_do_not_survive_the_form(client, author):
    bank = QuestionBankFactory()
    dirty = (
        '<p onclick="steal()">Pick one<script>alert("x")</script> '
        '<a href="javascript:alert(1)">here</a></p><img src=x onerror="alert(2)">'
    )
    data = question_data(bank, choices=CAPITALS, text=rich_text(dirty))
    data["general_feedback"] = rich_text('<p onmouseover="x()">Well done</p>')
    response = post_new_question(client, data)
    assert response.status_code == 302, errors_of(response)[:3000]
    version = Question.objects.get().current_version
    for stored in (version.text, version.general_feedback):
        assert "<script" not in stored and "onclick" not in stored
        assert "onerror" not in stored and "onmouseover" not in stored
        assert "javascript:" not in stored
    assert "Pick one" in version.text and "Well done" in version.general_feedback


def test_a_raw_contentstate_post_with_a_javascript_link_is_cleaned(client, author):
    bank = QuestionBankFactory()
    contentstate = {
        "blocks": [
            {
                "key": "a1",
                "type": "unstyled",
                "depth": 0,
                "text": "<script>alert(1)</script> click",
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 27, "length": 5, "key": 0}],
            }
        ],
        "entityMap": {
            "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:x()"}}
        },
    }
    data = question_data(bank, choices=CAPITALS, text=json.dumps(contentstate))
    assert post_new_question(client, data).status_code == 302
    text = Question.objects.get().current_version.text
    assert "<script>" not in text and "javascript:" not in text
    assert "&lt;script&gt;" in text  # kept as visible text, never as markup


@pytest.mark.parametrize(
    ("type", "rows", "message"),
    [
        (
            "single",
            {"choices": [("Paris", 100, "")]},
            "Choices: A single choice question needs at least two choices.",
        ),
        (
            "single",
            {"choices": [("Paris", 0, ""), ("Lyon", 0, "")]},
            "Choices: Give at least one choice credit above 0%",
        ),
        (
            "single",
            {"choices": [("Paris", 50, ""), ("Lyon", 0, "")]},
            "Choices: The best choice must give 100% credit.",
        ),
        (
            "multiple",
            {"choices": [("2", 0, ""), ("3", -50, "")]},
            "Choices: Mark at least one choice correct",
        ),
        (
            "multiple",
            {
                "choices": [("2", 50, ""), ("3", 30, ""), ("4", -100, "")],
                "multiple_scoring": "partial",
            },
            "correct choices&#x27; credits must add up to 100% (they add up to 80%)",
        ),
        (
            "true_false",
            {"choices": [("Yes", 100, ""), ("No", 0, "")]},
            "exactly two choices, “True” and “False”.",
        ),
        (
            "true_false",
            {"choices": [("True", 100, ""), ("False", 100, "")]},
            "Give 100% credit to either “True” or “False”",
        ),
        (
            "short_answer",
            {"choices": []},
            "Give at least one accepted answer with credit above 0%, or send answers to a grader.",
        ),
        (
            "numerical",
            {"ranges": []},
            "Ranges: A numerical question needs at least one accepted range.",
        ),
        (
            "matching",
            {"pairs": [("Cat", "Meow")]},
            "Pairs: A matching question needs at least two pairs.",
        ),
        (
            "single",
            {"choices": [("Paris", 150, ""), ("Lyon", 0, "")]},
            "Choices: correct the rows marked below.",
        ),
    ],
)
def test_each_type_explains_what_its_answers_need(client, author, type, rows, message):
    bank = QuestionBankFactory()
    choices = rows.get("choices", [])
    pairs = rows.get("pairs", [])
    ranges = rows.get("ranges", [])
    extra = {"multiple_scoring": rows["multiple_scoring"]} if "multiple_scoring" in rows else {}
    response = post_new_question(
        client, question_data(bank, type, choices=choices, pairs=pairs, ranges=ranges, **extra)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Question.objects.exists()


def test_a_range_with_from_above_to_names_the_field(client, author):
    bank = QuestionBankFactory()
    response = post_new_question(
        client,
        question_data(bank, "numerical", ranges=[{"low": "5", "high": "1", "credit": "100"}]),
    )
    assert response.status_code == 200
    assert "“To” must not be less than “from” (5)." in response.content.decode()


def test_short_answer_with_manual_review_needs_no_accepted_answer(client, author):
    bank = QuestionBankFactory()
    response = post_new_question(
        client, question_data(bank, "short_answer", manual_review="on", name="Explain")
    )
    assert response.status_code == 302, errors_of(response)[:3000]
    assert Question.objects.get().current_version.manual_review is True


def test_numerical_value_and_tolerance_is_stored_as_a_range(client, author):
    bank = QuestionBankFactory()
    response = post_new_question(
        client,
        question_data(
            bank,
            "numerical",
            ranges=[{"value": "3.14", "tolerance": "0.01", "credit": "100", "feedback": "π"}],
        ),
    )
    assert response.status_code == 302, errors_of(response)[:3000]
    choice = Question.objects.get().current_version.choices.get()
    assert (choice.low, choice.high, choice.credit) == (
        Decimal("3.13"),
        Decimal("3.15"),
        Decimal("100"),
    )


def test_matching_and_essay_questions_save(client, author):
    bank = QuestionBankFactory()
    response = post_new_question(
        client,
        question_data(bank, "matching", name="Sounds", pairs=[("Cat", "Meow"), ("Dog", "Woof")]),
    )
    assert response.status_code == 302, errors_of(response)[:3000]
    version = Question.objects.get(name="Sounds").current_version
    assert [(p.prompt, p.answer) for p in version.pairs.all()] == [("Cat", "Meow"), ("Dog", "Woof")]

    # Choices left over from another type are not saved on an essay.
    response = post_new_question(
        client, question_data(bank, "essay", name="Reflect", choices=CAPITALS)
    )
    assert response.status_code == 302, errors_of(response)[:3000]
    essay = Question.objects.get(name="Reflect").current_version
    assert essay.choices.count() == 0


def test_a_category_from_another_bank_is_refused_by_name(client, author):
    bank = QuestionBankFactory(name="Geography")
    other = QuestionCategoryFactory(name="Chemistry", bank=QuestionBankFactory(name="Science"))
    response = post_new_question(
        client, question_data(bank, choices=CAPITALS, category=str(other.pk))
    )
    assert response.status_code == 200
    assert "“Chemistry” is a category of the bank “Science”, not of “Geography”." in (
        response.content.decode()
    )


def test_editing_an_answered_question_through_the_admin_makes_version_two(client, author):
    question = make_question(QuestionType.SINGLE, choices=[("Lyon", 100), ("Paris", 0)])
    old = question.current_version
    quiz = make_quiz([question])
    attempt = Attempt.objects.create(quiz=quiz, learner=UserFactory(), number=1, pass_score=70)
    row = AttemptQuestion.objects.create(attempt=attempt, order=0, question_version=old, points=1)

    edit_url = reverse("question:edit", args=[question.pk])
    page = client.get(edit_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Version history" in html and "Used in 1 quiz." in html

    data = question_data(
        question.bank, choices=CAPITALS, name=question.name, base_version=str(old.pk)
    )
    response = client.post(edit_url, data, follow=True)
    assert response.status_code == 200
    assert "saved as version 2" in response.content.decode()
    question.refresh_from_db()
    assert question.current_version.number == 2
    row.refresh_from_db()
    assert row.question_version_id == old.pk
    assert [c.text for c in old.choices.all()] == ["Lyon", "Paris"]

    history = client.get(edit_url).content.decode()
    assert "v2" in history and "v1" in history


def test_the_edit_form_shows_the_current_answers(client, author):
    question = make_question(QuestionType.NUMERICAL)
    html = client.get(reverse("question:edit", args=[question.pk])).content.decode()
    assert 'name="ranges-0-low" value="3.14' in html
    assert 'name="ranges-TOTAL_FORMS" value="1"' in html


def test_question_listing_filters_and_counts_quizzes(client, author, django_assert_max_num_queries):
    bank = QuestionBankFactory(name="Geography")
    used = make_question(QuestionType.SINGLE, bank=bank, name="Used one")
    make_quiz([used])
    make_quiz([used])
    make_question(QuestionType.ESSAY, bank=bank, name="Essay one")
    make_question(QuestionType.SINGLE, name="Elsewhere")

    response = client.get(reverse("question:index"), {"bank": bank.pk, "type": "single"})
    html = response.content.decode()
    assert "Used one" in html and "Essay one" not in html and "Elsewhere" not in html
    row = html[html.index("Used one") :]
    assert "Single choice" in row[:2000]

    response = client.get(reverse("question:index"), {"q": "essay"})
    assert "Essay one" in response.content.decode()

    for n in range(10):
        make_question(QuestionType.SINGLE, bank=bank, name=f"More {n}")
    with django_assert_max_num_queries(30):
        client.get(reverse("question:index"))


def test_deleting_an_answered_question_says_archive_instead(client, author):
    question = make_question(QuestionType.SINGLE, name="Capitals")
    quiz = make_quiz([question])
    attempt = Attempt.objects.create(quiz=quiz, learner=UserFactory(), number=1, pass_score=70)
    AttemptQuestion.objects.create(
        attempt=attempt, order=0, question_version=question.current_version, points=1
    )
    delete_url = reverse("question:delete", args=[question.pk])
    response = client.post(delete_url, follow=True)
    html = response.content.decode()
    assert "“Capitals” cannot be deleted" in html and "Archive it instead" in html
    assert Question.objects.filter(pk=question.pk).exists()

    response = client.get(delete_url)
    assert response.status_code == 302

    data = question_data(
        question.bank,
        choices=[("Paris", 100, ""), ("Lyon", 0, ""), ("Nice", 0, "")],
        name="Capitals",
        text=rich_text("<p>Which one?</p>"),
        points="1",
        archived="on",
    )
    client.post(reverse("question:edit", args=[question.pk]), data)
    question.refresh_from_db()
    assert question.archived
    assert question.versions.count() == 1  # archiving is not a content change


def test_an_unused_question_is_deleted(client, author):
    question = make_question(QuestionType.SINGLE)
    response = client.post(reverse("question:delete", args=[question.pk]))
    assert response.status_code == 302
    assert not Question.objects.exists()


def test_the_question_chooser_lists_active_questions_of_the_course(client, author):
    course = CoursePageFactory()
    own = make_question(bank=QuestionBankFactory(course=course), name="Own bank")
    make_question(bank=QuestionBankFactory(), name="Shared bank")
    make_question(bank=QuestionBankFactory(course=CoursePageFactory()), name="Other course")
    archived = make_question(bank=own.bank, name="Old one")
    archived.archived = True
    archived.save()

    response = client.get(reverse("question_chooser:choose"), {"course": course.pk})
    html = response.content.decode()
    assert "Own bank" in html and "Shared bank" in html
    assert "Other course" not in html and "Old one" not in html

    results = client.get(reverse("question_chooser:choose_results"), {"q": "shared"})
    assert "Shared bank" in results.content.decode()
    assert "Own bank" not in results.content.decode()


# Categories and banks ---------------------------------------------------------------


def test_an_author_creates_a_category_and_a_bank(client, author):
    response = client.post(
        reverse("questionbank:add"), {"name": "Fire safety", "course": "", "description": ""}
    )
    assert response.status_code == 302
    bank = QuestionBankFactory._meta.model.objects.get(name="Fire safety")
    response = client.post(
        reverse("questioncategory:add"), {"bank": bank.pk, "name": "Extinguishers"}
    )
    assert response.status_code == 302
    assert QuestionCategory.objects.filter(bank=bank, name="Extinguishers").exists()


def test_a_category_quizzes_draw_from_cannot_be_deleted(client, author):
    category = QuestionCategoryFactory(name="Europe")
    make_question(category=category)
    make_quiz(category_draws=[(category, 1)])
    response = client.post(reverse("questioncategory:delete", args=[category.pk]), follow=True)
    html = response.content.decode()
    assert "cannot be deleted" in html and "remove those draws first" in html
    assert QuestionCategory.objects.filter(pk=category.pk).exists()


# Quizzes ----------------------------------------------------------------------------


QUIZ_URL = "wagtailsnippets_assessments_quiz"


def quiz_data(course, questions=(), draws=(), **overrides):
    slots = [{"question": q.pk, "category": "", "draw_count": "1"} for q in questions]
    slots += [{"question": "", "category": c.pk, "draw_count": str(n)} for c, n in draws]
    data = {
        "title": "Capitals quiz",
        "course": course.pk,
        "instructions": rich_text("<p>Answer all.</p>"),
        "pass_score": "70",
        "max_attempts": "0",
        "grading_method": "highest",
        "time_limit_minutes": "",
        "grace_seconds": "60",
        "available_from": "",
        "available_until": "",
        "show_correct_answers": "after_last_attempt",
        "show_feedback": "immediately",
        "slots": inline_formset(slots),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_an_author_creates_a_quiz_as_a_draft_then_publishes_it(client, author):
    course = CoursePageFactory()
    question = make_question()
    response = client.post(reverse(f"{QUIZ_URL}:add"), quiz_data(course, [question]))
    assert response.status_code == 302, response.content.decode()[:3000]
    quiz = Quiz.objects.get(title="Capitals quiz")
    assert not quiz.live
    assert [s.question for s in quiz.slots.all()] == [question]

    response = client.post(
        reverse(f"{QUIZ_URL}:edit", args=[quiz.pk]),
        {**quiz_data(course, [question]), "action-publish": "action-publish"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    quiz.refresh_from_db()
    assert quiz.live


def test_a_draft_of_a_live_quiz_leaves_learners_on_the_published_one(client, author):
    question = make_question()
    quiz = make_quiz([question], title="Published title", pass_score=70)
    quiz.save_revision().publish()
    edit_url = reverse(f"{QUIZ_URL}:edit", args=[quiz.pk])

    response = client.post(edit_url, quiz_data(quiz.course, [question], pass_score="90"))
    assert response.status_code == 302, response.content.decode()[:3000]
    quiz.refresh_from_db()
    assert quiz.pass_score == 70 and quiz.live and quiz.has_unpublished_changes
    assert quiz.latest_revision.as_object().pass_score == 90

    response = client.post(
        edit_url,
        {**quiz_data(quiz.course, [question], pass_score="90"), "action-publish": "1"},
    )
    assert response.status_code == 302
    quiz.refresh_from_db()
    assert quiz.pass_score == 90 and not quiz.has_unpublished_changes


def test_quiz_slot_rules_show_on_the_form(client, author):
    course = CoursePageFactory()
    category = QuestionCategoryFactory(name="Europe")
    make_question(category=category)
    response = client.post(reverse(f"{QUIZ_URL}:add"), quiz_data(course, draws=[(category, 5)]))
    assert response.status_code == 200
    assert "The category Europe has only 1 questions." in response.content.decode()

    both = quiz_data(course)
    both.update(
        nested_form_data(
            {
                "slots": inline_formset(
                    [{"question": make_question().pk, "category": category.pk, "draw_count": "1"}]
                )
            }
        )
    )
    response = client.post(reverse(f"{QUIZ_URL}:add"), both)
    assert "Choose either one question or a category to draw from." in response.content.decode()


def test_a_quiz_must_close_after_it_opens(client, author):
    response = client.post(
        reverse(f"{QUIZ_URL}:add"),
        {
            **quiz_data(
                CoursePageFactory(),
                [make_question()],
                available_from="2026-05-02 10:00",
                available_until="2026-05-01 10:00",
            ),
            "action-publish": "1",
        },
    )
    assert response.status_code == 200
    assert "The quiz must close after it opens." in response.content.decode()


def test_the_quiz_course_chooser_only_offers_courses(client, author):
    html = client.get(reverse(f"{QUIZ_URL}:add")).content.decode()
    assert "courses.coursepage" in html
    # The slot's question chooser follows the quiz's course field.
    assert "#id_course" in html


def test_quiz_listing_counts_questions_and_attempts(client, author):
    category = QuestionCategoryFactory()
    for _ in range(3):
        make_question(category=category)
    quiz = make_quiz([make_question()], category_draws=[(category, 2)], title="Counted quiz")
    for _ in range(2):
        Attempt.objects.create(quiz=quiz, learner=UserFactory(), number=1, pass_score=70)
    html = client.get(reverse(f"{QUIZ_URL}:list")).content.decode()
    row = html[html.index("Counted quiz") :][:3000]
    assert ">3<" in row.replace(" ", "").replace("\n", "")  # 1 fixed + 2 drawn
    assert ">2<" in row.replace(" ", "").replace("\n", "")
    assert "live" in row.lower()


def test_a_quiz_with_attempts_cannot_be_deleted(client, author):
    quiz = make_quiz([make_question()], title="Taken quiz")
    Attempt.objects.create(quiz=quiz, learner=UserFactory(), number=1, pass_score=70)
    response = client.post(reverse(f"{QUIZ_URL}:delete", args=[quiz.pk]), follow=True)
    html = response.content.decode()
    assert "“Taken quiz” cannot be deleted: it is in use (1 quiz attempt)." in html
    assert "unpublish it instead" in html
    assert Quiz.objects.filter(pk=quiz.pk).exists()


# Assignments and rubrics ------------------------------------------------------------


def test_an_author_publishes_an_assignment_with_a_rubric(client, author):
    course = CoursePageFactory()
    rubric = RubricFactory(name="Essay rubric")
    data = nested_form_data(
        {
            "title": "Risk register",
            "course": course.pk,
            "due_at": "",
            "instructions": rich_text("<p>Hand in your register.</p>"),
            "accept_files": "on",
            "allowed_file_types": "pdf, docx",
            "max_file_size_mb": "10",
            "max_files": "1",
            "late_policy": "mark_late",
            "resubmission": "until_graded",
            "max_submissions": "1",
            "points": "100",
            "pass_score": "50",
            "rubric": rubric.pk,
        }
    )
    url = reverse("wagtailsnippets_assessments_assignment:add")
    response = client.post(url, {**data, "action-publish": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assignment = AssignmentFactory._meta.model.objects.get(title="Risk register")
    assert assignment.live and assignment.rubric == rubric

    bad = {**data, "allowed_file_types": "pdf, .ex e", "accept_files": ""}
    response = client.post(url, bad)
    assert "Accept files, text or both" in response.content.decode()


def test_rubric_listing_shows_max_points_and_rubrics_in_use_stay(client, author):
    rubric = RubricFactory(name="Essay rubric")
    html = client.get(reverse("wagtailsnippets_assessments_rubric:list")).content.decode()
    assert "Essay rubric" in html and "15" in html
    AssignmentFactory(rubric=rubric)
    response = client.post(
        reverse("wagtailsnippets_assessments_rubric:delete", args=[rubric.pk]), follow=True
    )
    assert "cannot be deleted" in response.content.decode()


def test_an_author_builds_a_rubric(client, author):
    data = nested_form_data(
        {
            "name": "Presentation",
            "criteria": streamfield(
                [
                    (
                        "criterion",
                        {
                            "title": "Clarity",
                            "description": "",
                            "levels": streamfield(
                                [
                                    (
                                        "item",
                                        {"label": "Unclear", "points": "0", "description": ""},
                                    ),
                                    ("item", {"label": "Clear", "points": "4", "description": ""}),
                                ]
                            ),
                        },
                    )
                ]
            ),
        }
    )
    response = client.post(reverse("wagtailsnippets_assessments_rubric:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    rubric = RubricFactory._meta.model.objects.get(name="Presentation")
    assert rubric.max_points == Decimal("4")


# Lessons ----------------------------------------------------------------------------


def test_an_editor_places_a_quiz_and_an_assignment_in_a_lesson_and_publishes(client):
    editor = UserFactory(email="admin@example.com", roles=[Role.ADMINISTRATOR])
    client.force_login(editor)
    course, tree = build_course(modules=1, lessons=1)
    lesson = tree[0][1][0]
    quiz = make_quiz([make_question()], course=course, title="Lesson quiz")
    assignment = AssignmentFactory(course=course, title="Lesson task")
    data = nested_form_data(
        {
            "title": lesson.title,
            "slug": lesson.slug,
            "estimated_minutes": "10",
            "body": streamfield(
                [
                    ("rich_text", rich_text("<p>Now test yourself.</p>")),
                    ("quiz", quiz.pk),
                    ("assignment", assignment.pk),
                ]
            ),
        }
    )
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]), {**data, "action-publish": "1"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    lesson = LessonPage.objects.get(pk=lesson.pk)
    blocks = {block.block_type: block.value for block in lesson.body}
    assert blocks["quiz"] == quiz and blocks["assignment"] == assignment
    assert lesson.live and not lesson.has_unpublished_changes


def test_an_author_saves_a_lesson_draft_with_a_quiz(client, author):
    course, tree = build_course(modules=1, lessons=1)
    lesson = tree[0][1][0]
    quiz = make_quiz([make_question()], course=course)
    data = nested_form_data(
        {
            "title": lesson.title,
            "slug": lesson.slug,
            "estimated_minutes": "10",
            "body": streamfield([("quiz", quiz.pk)]),
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[lesson.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    draft = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object()
    assert [b.value for b in draft.body if b.block_type == "quiz"] == [quiz]


def test_a_bulk_delete_including_an_attempted_quiz_deletes_nothing(client, author):
    taken = make_quiz([make_question()], title="Taken quiz")
    untouched = make_quiz([make_question()], title="Fresh quiz")
    Attempt.objects.create(quiz=taken, learner=UserFactory(), number=1, pass_score=70)
    listing = reverse(f"{QUIZ_URL}:list")
    url = reverse("wagtail_bulk_action", args=["assessments", "quiz", "delete"])
    response = client.post(f"{url}?id={taken.pk}&id={untouched.pk}&next={listing}", follow=True)
    assert "“Taken quiz” cannot be deleted" in response.content.decode()
    assert Quiz.objects.filter(pk__in=[taken.pk, untouched.pk]).count() == 2


def test_quiz_listing_queries_do_not_grow_with_quizzes(client, author):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(f"{QUIZ_URL}:list")).status_code == 200
        return len(queries)

    for _ in range(2):
        make_quiz([make_question()])
    few = count()
    for _ in range(8):
        quiz = make_quiz([make_question(), make_question()])
        Attempt.objects.create(quiz=quiz, learner=UserFactory(), number=1, pass_score=70)
    assert count() == few


def test_quiz_listing_status_shows_drafts_and_schedules(client, author):
    import datetime

    from django.utils import timezone

    drafted = make_quiz([make_question()], title="Drafted quiz")
    drafted.save_revision()
    scheduled = make_quiz([make_question()], title="Scheduled quiz")
    revision = scheduled.save_revision()
    revision.approved_go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision.save()
    html = client.get(reverse(f"{QUIZ_URL}:list")).content.decode()
    assert "live + draft" in html[html.index("Drafted quiz") :][:3000]
    assert "live + scheduled" in html[html.index("Scheduled quiz") :][:3000]
