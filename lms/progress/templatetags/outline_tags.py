"""
Course outlines rendered in Python (the lesson page's sidebar, the course
overview's syllabus): one row per lesson of the course (48 in a course of 8
modules by 6 lessons), where a template loop evaluated a dozen tags and
filters per row on every request.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from lms.core.templatetags.lectern_tags import duration, icon

register = template.Library()


@register.simple_tag
def lesson_outline(learning):
    """
    The <ol> of modules and lessons in the lesson page's sidebar, from the
    `learning` context of lms.progress.serving.serve_lesson.
    """
    enrolled = bool(learning.get("enrollment"))
    current_module = learning.get("module")
    current_module_id = current_module.page_id if current_module is not None else None
    done_label = gettext("Lessons done:")
    completed_tick = (
        f'<span class="tick tick--done tick--sm">{icon("check")}'
        f'<span class="visually-hidden">{escape(gettext("completed"))}</span></span>'
    )
    open_tick = '<span class="tick tick--sm" aria-hidden="true"></span>'
    optional = f'<span class="outline-lesson__optional">{escape(gettext("Optional"))}</span>'

    html = ['<ol class="lesson-outline__modules" role="list">']
    for module in learning["outline"].modules:
        module_id = escape(module.page_id)
        current = " is-current" if module.page_id == current_module_id else ""
        html.append(
            f'<li class="lesson-outline__module{current}">'
            f'<h2 class="lesson-outline__module-title" id="outline-module-{module_id}">'
            f"{escape(module.title)}"
        )
        if enrolled:
            html.append(
                f' <span class="lesson-outline__count"><span class="visually-hidden">'
                f"{escape(done_label)}</span> {module.completed_count}/{len(module.lessons)}</span>"
            )
        html.append(
            f'</h2><ol class="lesson-outline__lessons" role="list" '
            f'aria-labelledby="outline-module-{module_id}">'
        )
        for lesson in module.lessons:
            done = enrolled and lesson.completed
            classes = "outline-lesson"
            if lesson.current:
                classes += " is-current"
            if done:
                classes += " is-complete"
            if not lesson.url:
                classes += " is-unavailable"
            attributes = f' href="{escape(lesson.url)}"' if lesson.url else ""
            if lesson.current:
                attributes += ' aria-current="page"'
            html.append(
                f'<li><a class="{classes}"{attributes}>{completed_tick if done else open_tick}'
                f'<span class="outline-lesson__title">{escape(lesson.title)}'
                f"{'' if lesson.required else ' ' + optional}</span>"
            )
            if lesson.minutes:
                html.append(
                    f'<span class="outline-lesson__minutes">{duration(lesson.minutes)}</span>'
                )
            html.append("</a></li>")
        html.append("</ol></li>")
    html.append("</ol>")
    return mark_safe("".join(html))  # noqa: S308 (every value above is escaped)


@register.simple_tag
def course_syllabus(learning):
    """
    The course overview's <ol class="syllabus"> of modules and lessons, from
    the `learning` context of lms.progress.serving.serve_course.
    """
    enrolled = bool(learning.get("enrollment"))
    completed_tick = (
        f'<span class="tick tick--done">{icon("check")}'
        f'<span class="visually-hidden">{escape(gettext("completed"))}</span></span>'
    )
    open_tick = '<span class="tick" aria-hidden="true"></span>'
    plain_tick = f'<span class="tick tick--plain" aria-hidden="true">{icon("file")}</span>'
    optional = f' <span class="badge">{escape(gettext("Optional"))}</span>'
    chevron = icon("chevron-down", "syllabus__chevron")

    html = ['<ol class="syllabus" role="list">']
    for number, module in enumerate(learning["outline"].modules, start=1):
        count = len(module.lessons)
        if enrolled:
            meta = ngettext(
                "%(done)s of %(counter)s lesson done", "%(done)s of %(counter)s lessons done", count
            ) % {"done": module.completed_count, "counter": count}
        else:
            meta = ngettext("%(counter)s lesson", "%(counter)s lessons", count) % {"counter": count}
        html.append(
            '<li><details class="syllabus__module" open><summary class="syllabus__summary">'
            f'<span class="syllabus__number" aria-hidden="true">{number}</span>'
            '<span class="syllabus__heading">'
            f'<span class="syllabus__module-title">{escape(module.title)}</span>'
            f'<span class="syllabus__module-meta">{escape(meta)}</span></span>{chevron}'
            '</summary><ol class="syllabus__lessons" role="list">'
        )
        for lesson in module.lessons:
            done = enrolled and lesson.completed
            title = escape(lesson.title)
            if enrolled and lesson.url:
                title = f'<a href="{escape(lesson.url)}">{title}</a>'
            tick = (completed_tick if lesson.completed else open_tick) if enrolled else plain_tick
            html.append(
                f'<li class="syllabus__lesson{" is-complete" if done else ""}">{tick}'
                f'<span class="syllabus__lesson-title">{title}'
                f"{'' if lesson.required else optional}</span>"
            )
            if lesson.minutes:
                html.append(f'<span class="syllabus__minutes">{duration(lesson.minutes)}</span>')
            html.append("</li>")
        html.append("</ol></details></li>")
    html.append("</ol>")
    return mark_safe("".join(html))  # noqa: S308 (every value above is escaped)
