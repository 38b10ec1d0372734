from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page

RESULTS_PER_PAGE = 10


def search(request):
    """Site search across published pages the visitor may see."""
    query = request.GET.get("query", "").strip()[:200]
    results = (
        Page.objects.live().public().specific().search(query) if query else Page.objects.none()
    )
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request, "search/search.html", {"search_query": query, "search_results": page}
    )
