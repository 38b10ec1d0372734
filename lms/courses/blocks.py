from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4", "code"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section")), ("h3", _("Subsection"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "courses/blocks/heading.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False, help_text=_("Describe the image for people who cannot see it.")
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "courses/blocks/image.html"


class VideoBlock(blocks.StructBlock):
    """A video from a site such as YouTube or Vimeo (by URL), or an uploaded file."""

    embed = EmbedBlock(required=False, label=_("Video URL"))
    file = DocumentChooserBlock(required=False, label=_("Uploaded video file"))
    caption = blocks.CharBlock(required=False, max_length=250)
    transcript = blocks.TextBlock(
        required=False, help_text=_("A text transcript for accessibility.")
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "courses/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("embed")) == bool(value.get("file")):
            raise StructBlockValidationError(
                block_errors={
                    "embed": ValidationError(_("Give either a video URL or an uploaded file."))
                }
            )
        return value


class DocumentDownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(required=False, help_text=_("Defaults to the document's title."))
    description = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = "courses/blocks/document.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("tip", _("Tip")), ("warning", _("Warning")), ("key", _("Key point"))],
        default="tip",
    )
    title = blocks.CharBlock(required=False, max_length=80)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "courses/blocks/callout.html"


class CodeBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(
        choices=[
            ("text", _("Plain text")),
            ("python", "Python"),
            ("javascript", "JavaScript"),
            ("html", "HTML"),
            ("css", "CSS"),
            ("sql", "SQL"),
            ("bash", _("Shell")),
            ("json", "JSON"),
            ("yaml", "YAML"),
        ],
        default="text",
    )
    code = blocks.TextBlock(form_classname="monospace")
    caption = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "code"
        label = _("Code sample")
        template = "courses/blocks/code.html"


class ExternalResourceBlock(blocks.StructBlock):
    url = blocks.URLBlock(label=_("Address"))
    title = blocks.CharBlock(max_length=120)
    description = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "link-external"
        label = _("External resource")
        template = "courses/blocks/external_resource.html"


class LessonBodyBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    video = VideoBlock()
    document = DocumentDownloadBlock()
    callout = CalloutBlock()
    code = CodeBlock()
    external_resource = ExternalResourceBlock()
    # Assessments live in lms.assessments; the blocks name them by label so
    # courses never imports that app.
    quiz = SnippetChooserBlock(
        "assessments.Quiz",
        label=_("Quiz"),
        icon="tasks",
        template="assessments/blocks/quiz.html",
    )
    assignment = SnippetChooserBlock(
        "assessments.Assignment",
        label=_("Assignment"),
        icon="doc-full",
        template="assessments/blocks/assignment.html",
    )
