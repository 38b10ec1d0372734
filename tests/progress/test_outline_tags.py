from lms.progress.learning import Outline, OutlineLesson, OutlineModule
from lms.progress.templatetags.outline_tags import course_syllabus, lesson_outline


def outline():
    first = OutlineLesson(1, "Safe <lifting>", "/c/m/one/", 15, True, completed=True)
    second = OutlineLesson(2, "Reading", "/c/m/two/", 90, False, current=True)
    gone = OutlineLesson(3, "Removed since", None, 0, True)
    module = OutlineModule(10, "Part 1", [first, second, gone])
    return Outline(modules=[module], lessons=[first, second, gone]), module


def test_outline_marks_done_current_optional_and_unavailable_lessons_for_a_learner():
    data, module = outline()
    html = lesson_outline({"enrollment": object(), "outline": data, "module": module})
    assert '<li class="lesson-outline__module is-current">' in html
    assert '<span class="visually-hidden">Lessons done:</span> 1/3</span>' in html
    assert 'class="outline-lesson is-complete" href="/c/m/one/">' in html
    assert "Safe &lt;lifting&gt;" in html and "<lifting>" not in html
    assert '<span class="visually-hidden">completed</span>' in html
    assert 'class="outline-lesson is-current" href="/c/m/two/" aria-current="page">' in html
    assert 'Reading <span class="outline-lesson__optional">Optional</span>' in html
    assert '<span class="outline-lesson__minutes">1 h 30 min</span>' in html
    assert '<a class="outline-lesson is-unavailable"><span class="tick tick--sm"' in html


def test_outline_for_staff_shows_no_progress():
    data, _module = outline()
    html = lesson_outline({"enrollment": None, "outline": data, "module": None})
    assert "lesson-outline__count" not in html and "is-complete" not in html
    assert "is-current" in html  # the lesson, not the module
    assert '<li class="lesson-outline__module">' in html


def test_syllabus_for_a_learner_links_lessons_and_counts_what_is_done():
    data, _module = outline()
    html = course_syllabus({"enrollment": object(), "outline": data})
    assert '<span class="syllabus__number" aria-hidden="true">1</span>' in html
    assert '<span class="syllabus__module-meta">1 of 3 lessons done</span>' in html
    assert '<li class="syllabus__lesson is-complete"><span class="tick tick--done">' in html
    assert '<a href="/c/m/one/">Safe &lt;lifting&gt;</a>' in html
    assert 'Reading</a> <span class="badge">Optional</span>' in html
    assert '<span class="syllabus__lesson-title">Removed since</span>' in html


def test_syllabus_for_a_visitor_lists_lessons_without_links_or_progress():
    data, _module = outline()
    html = course_syllabus({"enrollment": None, "outline": data})
    assert '<span class="syllabus__module-meta">3 lessons</span>' in html
    assert "<a " not in html and "is-complete" not in html
    assert html.count('<span class="tick tick--plain" aria-hidden="true"><svg') == 3
