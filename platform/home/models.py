from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from cities.models import CityPage
from learning.models import CaseStudyPage, Theme
from pages.forms import EditConflictPageForm


class HomePage(Page):
    """The front page of one language: what the platform is and where to start."""

    intro = RichTextField(
        _("introduction"),
        features=["bold", "italic", "link"],
        help_text=_("What the platform is and who it is for."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("featured_case_studies", label=_("Featured case studies"), max_num=6),
    ]
    api_fields = [APIField("intro")]

    base_form_class = EditConflictPageForm
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cities.CityIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured_ids = [f.case_study_id for f in self.featured_case_studies.all()]
        listing = CaseStudyPage.objects.visible_to(request).for_listing()
        context["featured"] = listing.filter(id__in=featured_ids)
        context["latest"] = listing.exclude(id__in=featured_ids)[:6]
        context["themes"] = Theme.objects.active().in_locale(self.locale)
        context["cities"] = CityPage.objects.live().filter(locale=self.locale)
        return context


class FeaturedCaseStudy(Orderable):
    home_page = ParentalKey(HomePage, related_name="featured_case_studies")
    case_study = models.ForeignKey(
        "learning.CaseStudyPage", on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("case_study")]
