from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.blocks import HomeBodyBlock
from lms.courses.models import CourseIndexPage


class HomePage(Page):
    """The site's front page: a hero, featured courses and a call to action."""

    hero_title = models.CharField(_("hero title"), max_length=120, blank=True)
    hero_text = models.TextField(_("hero text"), max_length=400, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_cta_text = models.CharField(_("button text"), max_length=40, blank=True)
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("button links to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured_heading = models.CharField(
        _("featured heading"), max_length=120, blank=True, default="Featured courses"
    )
    body = StreamField(HomeBodyBlock(), blank=True, use_json_field=True)
    cta_title = models.CharField(_("closing call to action"), max_length=120, blank=True)
    cta_text = models.TextField(_("call to action text"), max_length=300, blank=True)
    cta_button_text = models.CharField(_("call to action button"), max_length=40, blank=True)
    cta_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_cta_text"),
                PageChooserPanel("hero_cta_page"),
            ],
            heading=_("Hero"),
        ),
        MultiFieldPanel(
            [FieldPanel("featured_heading"), InlinePanel("featured", label=_("Featured page"))],
            heading=_("Featured"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("cta_title"),
                FieldPanel("cta_text"),
                FieldPanel("cta_button_text"),
                PageChooserPanel("cta_page"),
            ],
            heading=_("Call to action"),
        ),
    ]

    search_fields = [*Page.search_fields, index.SearchField("hero_text"), index.SearchField("body")]

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        # The catalogue is the busiest subtree. A course, module or lesson
        # (/courses/<course>/[<module>/<lesson>/]) is found by its url_path in
        # one query: only the catalogue holds courses (tree rules), so the
        # catalogue itself need not be looked up. Anything else under the
        # catalogue: find it, already specific, in one query, and let it
        # resolve the rest of the path.
        if len(path_components) > 1:
            catalogue_url_path = f"{self.url_path}{path_components[0]}/"
            result = CourseIndexPage.route_course_page(
                catalogue_url_path, request, path_components[1:]
            )
            if result is not None:
                return result
        if path_components:
            catalogue = (
                CourseIndexPage.objects.child_of(self).filter(slug=path_components[0]).first()
            )
            if catalogue is not None:
                return catalogue.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured = []
        for item in self.featured.select_related("page").all():
            if item.page and item.page.live:
                page = item.page.specific
                # The editor's blurb wins over the page's own description.
                page.featured_blurb = item.blurb
                featured.append(page)
        context["featured_pages"] = featured
        return context


class HomePageFeatured(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    blurb = models.CharField(_("blurb"), max_length=240, blank=True)

    panels = [PageChooserPanel("page"), FieldPanel("blurb")]
