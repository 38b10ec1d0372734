"""The catalogue's reads: filters, search and the cards, in a fixed number of queries."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from lms.core.widgets import QuickSelect
from lms.courses.models import (
    DURATION_BUCKETS,
    LANGUAGE_CHOICES,
    CoursePage,
    CourseSkill,
    CourseType,
    Difficulty,
    Skill,
)

CARDS_PER_PAGE = 24
CARD_IMAGE_SPEC = "fill-640x360"


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("Any type")), *CourseType.choices],
        widget=QuickSelect,
    )
    difficulty = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("Any level")), *Difficulty.choices],
        widget=QuickSelect,
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), *LANGUAGE_CHOICES],
        widget=QuickSelect,
    )
    duration = forms.ChoiceField(
        label=_("Duration"),
        required=False,
        choices=[("", _("Any length"))]
        + [(key, label) for key, (label, _lo, _hi) in DURATION_BUCKETS.items()],
        widget=QuickSelect,
    )
    skill = forms.SlugField(label=_("Skill"), required=False)


def with_lesson_figures(queryset):
    """Annotate lesson_count and total_minutes (the course's own estimate, else its lessons')."""
    return queryset.annotate(
        lesson_count=Coalesce("figures__lesson_count", 0),
        total_minutes_value=Coalesce(NullIf("estimated_minutes", 0), "figures__lesson_minutes", 0),
    )


def catalogue_courses(index_page, data):
    form = CatalogueFilterForm(data)
    courses = CoursePage.objects.in_catalogue().child_of(index_page)
    if form.is_valid():
        cleaned = form.cleaned_data
        if cleaned["type"]:
            courses = courses.filter(course_type=cleaned["type"])
        if cleaned["difficulty"]:
            courses = courses.filter(difficulty=cleaned["difficulty"])
        if cleaned["language"]:
            courses = courses.filter(language=cleaned["language"])
        if cleaned["skill"]:
            tagged = CourseSkill.objects.filter(tag__slug=cleaned["skill"]).values(
                "content_object_id"
            )
            courses = courses.filter(pk__in=tagged)
        if cleaned["q"]:
            matching = CoursePage.objects.in_catalogue().search(cleaned["q"])
            courses = courses.filter(pk__in=[page.pk for page in matching])
    courses = with_lesson_figures(courses)
    if form.is_valid() and form.cleaned_data["duration"]:
        _label, low, high = DURATION_BUCKETS[form.cleaned_data["duration"]]
        courses = courses.filter(total_minutes_value__gte=low)
        if high is not None:
            courses = courses.filter(total_minutes_value__lte=high)
    images = get_image_model().objects.prefetch_renditions(CARD_IMAGE_SPEC)
    courses = (
        courses.select_related("cover_image")
        .prefetch_related(
            Prefetch("cover_image", queryset=images),
            Prefetch("skill_items", queryset=CourseSkill.objects.select_related("tag")),
        )
        .order_by("title")
    )
    return form, courses


def catalogue_context(index_page, request):
    form, courses = catalogue_courses(index_page, request.GET)
    page = Paginator(courses, CARDS_PER_PAGE).get_page(request.GET.get("page"))
    # Each card's link, from the catalogue's own URL: {% pageurl %} per card
    # looked the site up again for every course.
    page.object_list = list(page.object_list)
    catalogue_url, prefix = index_page.get_url(request), len(index_page.url_path)
    for course in page.object_list:
        course.card_url = (
            catalogue_url + course.url_path[prefix:] if catalogue_url else course.get_url(request)
        )
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "courses": page,
        "filter_query": query.urlencode(),
        "skills": Skill.objects.filter(course_items__isnull=False)
        .distinct()
        .order_by("name")
        .only("name", "slug"),
        "is_filtered": any(form.data.get(name) for name in form.fields),
    }
