"""
The lesson page's course outline, rendered in Python: one row per lesson of
the course (48 in a course of 8 modules by 6 lessons), where a template loop
evaluated a dozen tags and filters per row on every lesson page.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

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
