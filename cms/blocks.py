"""The public body blocks every page type shares; apps on higher floors extend them
(editorial/campaigns/blocks.py adds the interactive ones)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Heading"), form_classname="title")
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=["bold", "italic", "link", "ol", "ul"]
    )
    image = blocks.StructBlock(
        [
            ("image", ImageChooserBlock(label=_("Image"))),
            ("caption", blocks.CharBlock(label=_("Caption"), required=False)),
        ],
        label=_("Image"),
        icon="image",
    )
    quote = blocks.BlockQuoteBlock(label=_("Quote"))
