from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class FeatureBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80)
    text = blocks.TextBlock(max_length=300)

    class Meta:
        icon = "pick"
        label = _("Feature")
        template = "components/feature_block.html"


class HomeBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", template="components/heading_block.html")
    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])
    features = blocks.ListBlock(FeatureBlock(), template="components/feature_list_block.html")
    image = ImageChooserBlock(template="components/image_block.html")
