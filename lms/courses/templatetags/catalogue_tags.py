"""
The catalogue's course cards, rendered in Python: a page holds 24 of them and
as template includes they were most of the page's time (per card: an include,
six translations, three choice labels, four icons). The markup is the same as
the template's; labels and translations are looked up once per page.
"""

from urllib.parse import quote

from django import template
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from lms.core.templatetags.lectern_tags import duration, icon
from lms.courses.catalogue import CARD_IMAGE_SPEC
from lms.courses.models import CoursePage

register = template.Library()


class _Labels:
    """Choice labels and fixed strings, translated once per rendering."""

    def __init__(self):
        self._choices = {}
        self.code = escape(gettext("Code:"))
        self.level = escape(gettext("Level:"))
        self.duration = escape(gettext("Duration:"))
        self.language = escape(gettext("Language:"))
        self.skills = escape(gettext("Skills"))
        self._lessons = {}

    def lessons(self, count):
        text = self._lessons.get(count)
        if text is None:
            text = self._lessons[count] = escape(
                ngettext("%(counter)s lesson", "%(counter)s lessons", count) % {"counter": count}
            )
        return text

    def choice(self, field_name, value):
        key = (field_name, value)
        label = self._choices.get(key)
        if label is None:
            choices = CoursePage._meta.get_field(field_name).flatchoices
            label = self._choices[key] = escape(dict(choices).get(value, value))
        return label


def _cover(course):
    kind = escape(course.course_type or "technical")
    image = course.cover_image
    if image is not None:
        rendition = image.get_rendition(CARD_IMAGE_SPEC)
        inner = rendition.img_tag(
            {"alt": "", "loading": "lazy", "decoding": "async", "class": "course-cover__image"}
        )
        modifier = " course-cover--image"
    else:
        inner = f'<span class="course-cover__initial">{escape(course.title[:1].upper())}</span>'
        modifier = ""
    return (
        f'<div class="course-cover course-cover--{kind}{modifier}" aria-hidden="true">{inner}'
        f'<span class="course-cover__code">{escape(course.code)}</span></div>'
    )


def _fact(icon_name, hidden_label, text):
    hidden = f'<span class="visually-hidden">{hidden_label}</span> ' if hidden_label else " "
    return f"<li>{icon(icon_name, 'icon--sm')}{hidden}{text}</li>"


def _card(course, labels):
    # Plain f-strings: every value from the database goes through escape().
    facts = [_fact("level", labels.level, labels.choice("difficulty", course.difficulty))]
    minutes = getattr(course, "total_minutes_value", None)
    if minutes:
        facts.append(_fact("clock", labels.duration, escape(duration(minutes))))
    facts.append(_fact("book", "", labels.lessons(course.lesson_count)))
    facts.append(_fact("globe", labels.language, labels.choice("language", course.language)))
    items = course.skill_items.all()
    skills = "".join(
        f'<li><a class="skill" href="?skill={escape(quote(item.tag.slug, safe=""))}">'
        f"{escape(item.tag.name)}</a></li>"
        for item in items
    )
    if skills:
        skills = (
            f'<ul class="skill-list course-card__skills" aria-label="{labels.skills}">{skills}</ul>'
        )
    pk = int(course.pk)
    url = getattr(course, "card_url", None) or course.url
    return (
        f'<li><article class="card card--link course-card" aria-labelledby="course-{pk}-title">'
        f'<div class="card__media course-card__media">{_cover(course)}</div>'
        '<div class="card__body card__body--stack">'
        f'<p class="course-card__kicker"><span class="visually-hidden">{labels.code} '
        f"{escape(course.code)},</span> "
        f'<span class="badge badge--primary">{labels.choice("course_type", course.course_type)}'
        "</span></p>"
        f'<h3 class="card__title" id="course-{pk}-title"><a href="{escape(url)}">'
        f"{escape(course.title)}</a></h3>"
        f'<p class="card__text course-card__summary">{escape(course.summary)}</p>'
        f'<ul class="course-facts" role="list">{"".join(facts)}</ul>{skills}'
        "</div></article></li>"
    )


@register.simple_tag
def course_cards(courses):
    """The <li> cards of a catalogue page (the <ul> stays in the template)."""
    labels = _Labels()
    return mark_safe("".join(_card(course, labels) for course in courses))  # noqa: S308


@register.simple_tag
def skill_options(skills, chosen):
    """The skill filter's <option>s (one per skill taught anywhere: hundreds on a big site)."""
    chosen = chosen or ""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (skill.slug, mark_safe(" selected") if skill.slug == chosen else "", skill.name)
            for skill in skills
        ),
    )
