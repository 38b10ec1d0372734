from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TagBase, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index
from wagtail.url_routing import RouteResult

from lms.courses.blocks import LessonBodyBlock
from lms.courses.panels import VersionsPanel


class CourseType(models.TextChoices):
    COMPLIANCE = "compliance", _("Compliance")
    TECHNICAL = "technical", _("Technical")
    SOFT_SKILLS = "soft_skills", _("Soft skills")
    LEADERSHIP = "leadership", _("Leadership")
    ONBOARDING = "onboarding", _("Onboarding")
    HEALTH_SAFETY = "health_safety", _("Health and safety")


class Difficulty(models.TextChoices):
    INTRODUCTORY = "introductory", _("Introductory")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")
    RETIRED = "retired", _("Retired")


class EnrolmentMode(models.TextChoices):
    OPEN = "open", _("Open: learners enrol themselves")
    REQUEST = "request", _("By request: a coordinator approves")
    ASSIGNED = "assigned", _("Assigned only")


LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("nl", _("Dutch")),
    ("pl", _("Polish")),
    ("pt", _("Portuguese")),
]

# Catalogue duration filter: label -> (min minutes, max minutes)
DURATION_BUCKETS = {
    "short": (_("Under 2 hours"), 0, 119),
    "medium": (_("2 to 8 hours"), 120, 480),
    "long": (_("Over 8 hours"), 481, None),
}


class Skill(TagBase):
    """A skill a course teaches; learners collect them on completion."""

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


class CourseSkill(TaggedItemBase):
    content_object = ParentalKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="skill_items"
    )
    tag = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="course_items")


class CourseIndexPage(Page):
    """The catalogue: one per site, at /courses/."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("course catalogue")

    def route(self, request, path_components):
        """
        Resolve /courses/<course>/<module>/<lesson>/ in one query instead of
        one per level: the tree rules fix which page type lives at each depth.
        """
        result = self.route_course_page(self.url_path, request, path_components)
        if result is not None:
            return result
        if len(path_components) in _COURSE_PAGE_DEPTHS:
            raise Http404
        return super().route(request, path_components)

    @staticmethod
    def route_course_page(parent_url_path, request, path_components):
        """
        The course, module or lesson at parent_url_path + path_components,
        routed, or None when there is none. The tree rules put these pages
        only under the catalogue (courses), a course (modules) and a module
        (lessons), so the page's type follows from its depth below the
        catalogue and its url_path finds it in one query. The home page calls
        this with the catalogue's would-be url_path, which spares looking the
        catalogue up first.
        """
        model = _COURSE_PAGE_DEPTHS.get(len(path_components))
        if model is None:
            return None
        url_path = parent_url_path + "/".join(path_components) + "/"
        page = model.objects.filter(slug=path_components[-1], url_path=url_path).first()
        return page.route(request, []) if page is not None else None

    def get_context(self, request, *args, **kwargs):
        from lms.courses.catalogue import catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_context(self, request))
        return context


class CoursePageQuerySet(PageQuerySet):
    def in_catalogue(self):
        return self.live().public().filter(status=CourseStatus.ACTIVE)


CoursePageManager = PageManager.from_queryset(CoursePageQuerySet)


class CoursePage(Page):
    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Short and unique, for example HS-101. Printed on certificates and rosters."),
    )
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences for the catalogue card.")
    )
    description = RichTextField(_("description"), blank=True)
    outcomes = models.TextField(
        _("learning outcomes"),
        blank=True,
        help_text=_("One outcome per line: what a learner will be able to do."),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    course_type = models.CharField(_("course type"), max_length=20, choices=CourseType.choices)
    difficulty = models.CharField(
        _("difficulty"), max_length=20, choices=Difficulty.choices, default=Difficulty.INTRODUCTORY
    )
    estimated_minutes = models.PositiveIntegerField(
        _("estimated duration (minutes)"),
        default=0,
        help_text=_("Leave at 0 to add up the lessons' estimates."),
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES, default="en")
    status = models.CharField(
        _("course status"),
        max_length=10,
        choices=CourseStatus.choices,
        default=CourseStatus.DRAFT,
        help_text=_(
            "Separate from publishing: only active courses are in the catalogue and open to new "
            "learners; archived and retired courses stay visible to the people who took them."
        ),
    )
    enrolment_mode = models.CharField(
        _("enrolment"), max_length=10, choices=EnrolmentMode.choices, default=EnrolmentMode.OPEN
    )
    prerequisites = ParentalManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="required_by",
        verbose_name=_("prerequisites"),
        help_text=_("Courses a learner must complete first."),
    )
    skills = ClusterTaggableManager(
        through=CourseSkill, blank=True, verbose_name=_("skills taught")
    )
    pass_score = models.PositiveSmallIntegerField(
        _("pass score (%)"), default=70, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    recertification_months = models.PositiveSmallIntegerField(
        _("recertify every (months)"),
        null=True,
        blank=True,
        help_text=_("Leave blank when completion never expires."),
    )

    objects = CoursePageManager()

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("code"), FieldPanel("status")]),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("outcomes"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("course_type"), FieldPanel("difficulty")]),
                FieldRowPanel([FieldPanel("language"), FieldPanel("estimated_minutes")]),
                FieldPanel("skills"),
            ],
            heading=_("Catalogue"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("enrolment_mode"),
                FieldPanel("prerequisites"),
                FieldRowPanel([FieldPanel("pass_score"), FieldPanel("recertification_months")]),
            ],
            heading=_("Enrolment and completion"),
        ),
        MultiFieldPanel(
            [VersionsPanel()], heading=_("Versions and learners"), classname="collapsed"
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("code"),
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("outcomes"),
        index.FilterField("status"),
        index.FilterField("course_type"),
        index.FilterField("difficulty"),
        index.FilterField("language"),
    ]

    class Meta:
        verbose_name = _("course")
        constraints = [
            models.CheckConstraint(condition=~Q(code=""), name="courses_coursepage_code_not_blank")
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def clean(self):
        super().clean()
        self.code = (self.code or "").strip().upper()

    @property
    def outcome_list(self):
        return [line.strip() for line in self.outcomes.splitlines() if line.strip()]

    @property
    def is_in_catalogue(self):
        return self.live and self.status == CourseStatus.ACTIVE

    @property
    def accepts_new_learners(self):
        return self.is_in_catalogue

    def lesson_pages(self):
        return LessonPage.objects.descendant_of(self).live().order_by("path")

    @cached_property
    def total_minutes(self):
        if self.estimated_minutes:
            return self.estimated_minutes
        return sum(self.lesson_pages().values_list("estimated_minutes", flat=True))


class ModulePage(Page):
    summary = models.CharField(_("summary"), blank=True, max_length=400)

    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]
    content_panels = [*Page.content_panels, FieldPanel("summary")]
    search_fields = [*Page.search_fields, index.SearchField("summary")]

    class Meta:
        verbose_name = _("module")

    def serve(self, request, *args, **kwargs):
        # A module has no page of its own: send people to the course outline.
        from django.shortcuts import redirect

        return redirect(self.get_parent().url)


class LessonPage(Page):
    body = StreamField(LessonBodyBlock(), blank=True, use_json_field=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=10)
    required_for_completion = models.BooleanField(
        _("required for completion"),
        default=True,
        help_text=_("Optional lessons count neither towards progress nor completion."),
    )

    parent_page_types = ["courses.ModulePage"]
    subpage_types = []
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("estimated_minutes"), FieldPanel("required_for_completion")]),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("lesson")

    def route(self, request, path_components):
        # Unlike other pages, an unpublished lesson still routes: learners
        # pinned to a version that contains it may go on reading it. serve()
        # refuses everyone the learning layer has not let in.
        if path_components:
            raise Http404
        return RouteResult(self)

    def serve(self, request, *args, **kwargs):
        # Lessons are served by the learning layer (lms.progress registers a
        # on_serve_page hook that checks access and renders the learner's
        # pinned version). Reaching this outside a preview means no one
        # granted access.
        if getattr(request, "is_preview", False):
            return super().serve(request, *args, **kwargs)
        raise Http404


# Course pages by their depth below the catalogue (CourseIndexPage.route).
_COURSE_PAGE_DEPTHS = {1: CoursePage, 2: ModulePage, 3: LessonPage}


class CourseVersion(models.Model):
    """
    What a course looked like when it was published: the live revision of the
    course, each module and each lesson, in order. Learners are pinned to the
    version current when they started.
    """

    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    course_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["course", "-number"]
        verbose_name = _("course version")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "number"], name="courses_version_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.course.code} v{self.number}"


class CourseVersionEntry(models.Model):
    """One module or lesson of a version, with what the outline needs to show it."""

    class Kind(models.TextChoices):
        MODULE = "module", _("Module")
        LESSON = "lesson", _("Lesson")

    version = models.ForeignKey(CourseVersion, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=6, choices=Kind.choices)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    module_page_id = models.IntegerField(null=True, blank=True)
    title = models.CharField(max_length=255)
    url_path = models.CharField(max_length=255, help_text=_("The page's url_path when recorded."))
    estimated_minutes = models.PositiveSmallIntegerField(default=0)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"], name="courses_entry_unique_position"
            )
        ]
        indexes = [models.Index(fields=["page", "version"], name="courses_entry_page_idx")]

    def __str__(self):
        return f"{self.version} #{self.position} {self.title}"


class DocumentConversion(models.Model):
    """
    A legacy Word or PowerPoint upload turned into PDF by LibreOffice in a
    background job (when LibreOffice is installed on the server).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Converting")
        CONVERTED = "converted", _("Converted")
        UNAVAILABLE = "unavailable", _("Conversion unavailable")
        FAILED = "failed", _("Failed")

    document = models.OneToOneField(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="conversion"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("PDF"),
    )
    message = models.TextField(_("message"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("document conversion")
        ordering = ["-updated_at"]

    def __str__(self):
        return f"{self.document} → PDF ({self.get_status_display()})"


class CourseFigures(models.Model):
    """
    What the catalogue shows of a course's live structure, kept up to date
    whenever a version is recorded, so catalogue cards need no per-course
    counting.
    """

    course = models.OneToOneField(
        CoursePage, primary_key=True, on_delete=models.CASCADE, related_name="figures"
    )
    lesson_count = models.PositiveIntegerField(default=0)
    lesson_minutes = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("course figures")

    def __str__(self):
        return f"{self.course_id}: {self.lesson_count} lessons"
