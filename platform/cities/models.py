from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from pages.forms import EditConflictPageForm


class CityIndexPage(Page):
    """Lists the partner cities and the beneficiary city."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    base_form_class = EditConflictPageForm
    parent_page_types = ["home.HomePage"]
    subpage_types = ["cities.CityPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("city index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["cities"] = CityPage.objects.child_of(self).live().select_related("image")
        return context


class CityPage(Page):
    """One city of the partnership. Its case studies are created under it."""

    class Role(models.TextChoices):
        PARTNER = "partner", _("Partner city")
        BENEFICIARY = "beneficiary", _("Beneficiary city")

    country = models.CharField(_("country"), max_length=100)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    introduction = RichTextField(_("introduction"), features=["bold", "italic", "link", "ol", "ul"])
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("country"),
        FieldPanel("role"),
        FieldPanel("introduction"),
        FieldPanel("image"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    api_fields = [
        APIField("country"),
        APIField("role"),
        APIField("introduction"),
        APIField("image"),
    ]
    base_form_class = EditConflictPageForm
    parent_page_types = ["cities.CityIndexPage"]
    subpage_types = ["learning.CaseStudyPage"]

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
