import factory
import wagtail_factories
from wagtail.models import Page

from lms.courses.models import CourseIndexPage, CoursePage, CourseStatus, LessonPage, ModulePage


def catalogue():
    return CourseIndexPage.objects.get()


class CoursePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Course {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    code = factory.Sequence(lambda n: f"C-{n:03d}")
    summary = "A course for testing."
    course_type = "technical"
    status = CourseStatus.ACTIVE
    parent = factory.LazyFunction(catalogue)


class ModulePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")


class LessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Lesson {n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    estimated_minutes = 10
    body = factory.LazyFunction(lambda: [("rich_text", "<p>Read this carefully.</p>")])


def publish(page):
    """Publish the page's current state as a revision (records course versions)."""
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


def build_course(modules=2, lessons=3, **kwargs):
    """A published course with modules by lessons, each published in reading order."""
    course = publish(CoursePageFactory(**kwargs))
    tree = []
    for m in range(modules):
        module = publish(
            ModulePageFactory(parent=course, title=f"Module {m + 1}", slug=f"m{m + 1}")
        )
        lesson_pages = []
        for n in range(lessons):
            lesson = publish(
                LessonPageFactory(
                    parent=module, title=f"Lesson {m + 1}.{n + 1}", slug=f"l{m + 1}-{n + 1}"
                )
            )
            lesson_pages.append(lesson)
        tree.append((module, lesson_pages))
    return course, tree
