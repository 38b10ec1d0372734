from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Q
from django.template.response import TemplateResponse
from wagtail.models import Page

from lms.courses.models import CoursePage, CourseStatus, LessonPage, ModulePage
from lms.progress.access import readable_course_ids, sees_all_courses

RESULTS_PER_PAGE = 10


def searchable_pages(user):
    """
    Published pages the user may open: every ordinary page; courses that are
    in the catalogue (or that the user takes or runs); lessons only of courses
    the user may read. Modules are folders, not results.
    """
    pages = Page.objects.live().public().not_type(ModulePage)
    if sees_all_courses(user):
        return pages
    course_ids = readable_course_ids(user) or set()
    hidden_courses = CoursePage.objects.exclude(status=CourseStatus.ACTIVE).exclude(
        pk__in=course_ids
    )
    readable_paths = CoursePage.objects.filter(pk__in=course_ids).values_list("path", flat=True)
    lesson_filter = Q()
    for path in readable_paths:
        lesson_filter |= Q(path__startswith=path)
    hidden_lessons = (
        LessonPage.objects.all() if not course_ids else LessonPage.objects.exclude(lesson_filter)
    )
    return pages.exclude(pk__in=hidden_courses.values("pk")).exclude(
        pk__in=hidden_lessons.values("pk")
    )


def search(request):
    """Site search across published pages the visitor may open."""
    query = request.GET.get("query", "").strip()[:200]
    if query:
        results = searchable_pages(request.user).specific().search(query)
    else:
        results = Page.objects.none()
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_results": page,
            "pagination_query": urlencode({"query": query}),
        },
    )
