"""The blocks a case study body is written with."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class PrefetchingImageChooserBlock(ImageChooserBlock):
    """Loads all images of a body, with their renditions, in one go.

    Without this, every image in a body costs its own rendition query when the page renders.
    """

    def bulk_to_python(self, values):
        values = list(values)
        ids = [value for value in values if value is not None]
        images = self.model_class.objects.prefetch_renditions().in_bulk(ids)
        return [images.get(value) for value in values]


class ImageWithCaptionBlock(blocks.StructBlock):
    image = PrefetchingImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "learning/blocks/image_with_caption.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "learning/blocks/quote.html"


class KeyFigureBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=120)
    value = blocks.CharBlock(label=_("Value"), max_length=40)
    unit = blocks.CharBlock(label=_("Unit"), required=False, max_length=40)


class KeyFiguresBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(KeyFigureBlock(), **kwargs)

    class Meta:
        icon = "table"
        template = "learning/blocks/key_figures.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        template = "learning/blocks/document.html"


class CaseStudyBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"),
        max_length=150,
        form_classname="title",
        template="learning/blocks/heading.html",
    )
    paragraph = blocks.RichTextBlock(
        label=_("Rich text"), features=["bold", "italic", "link", "ol", "ul", "document-link"]
    )
    image = ImageWithCaptionBlock(label=_("Image with caption"))
    quote = QuoteBlock(label=_("Quote"))
    key_figures = KeyFiguresBlock(label=_("Key figures"))
    document = DocumentBlock(label=_("Document"))
    video = EmbedBlock(label=_("Embedded video"), max_width=960)
