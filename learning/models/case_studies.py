from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from .. import visibility
from .blocks import CaseStudyBodyBlock
from .forms import CaseStudyPageForm
from .serializers import CitySerializer, TagsSerializer, ThemesSerializer

DEMO_ID_PREFIX = "demo-"
YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]


class CaseStudyTag(TaggedItemBase):
    content_object = ParentalKey(
        "learning.CaseStudyPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class CaseStudyQuerySet(PageQuerySet):
    def visible_to(self, request):
        """Live case studies the requester may see under Wagtail's page privacy."""
        return visibility.visible_to(self, request)

    def for_links(self):
        """With what a link or a search result shows: city and language, not the body."""
        return self.select_related("city", "locale").defer_streamfields()

    def for_listing(self):
        """Newest first, with what a listing card shows."""
        return self.for_links().prefetch_related("themes").order_by("-first_published_at", "-id")

    def with_theme(self, theme):
        return self.filter(themes__translation_key=theme.translation_key).distinct()

    def in_city(self, city):
        """The case studies of `city` (a city page in any language), in every language."""
        return self.filter(city__translation_key=city.translation_key)


class CaseStudyPage(Page):
    """A good practice of one partner city, written for Mariupol's rebuilding."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")

    class Currency(models.TextChoices):
        EUR = "EUR", "EUR"
        PLN = "PLN", "PLN"
        UAH = "UAH", "UAH"

    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("Two or three sentences shown in listings.")
    )
    city = models.ForeignKey(
        "cities.CityPage",
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="case_studies",
        null=True,
        editable=False,
        help_text=_("The city page this case study sits under; kept in step by save and move."),
    )
    themes = ParentalManyToManyField(
        "learning.Theme", verbose_name=_("themes"), related_name="case_studies"
    )
    tags = ClusterTaggableManager(through=CaseStudyTag, blank=True, verbose_name=_("tags"))
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(CaseStudyBodyBlock(), verbose_name=_("body"), blank=True)

    period_start = models.PositiveSmallIntegerField(_("start year"), validators=YEAR_VALIDATORS)
    period_end = models.PositiveSmallIntegerField(
        _("end year"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Leave empty while the work is ongoing."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    budget_amount = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, blank=True
    )
    funding_sources = models.TextField(_("funding sources"), blank=True)
    partners = models.TextField(_("partners involved"), blank=True)
    results = models.TextField(_("results"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    transferability = models.TextField(
        _("transferability to Mariupol"),
        blank=True,
        help_text=_("What it would take to apply this in Mariupol."),
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_role = models.CharField(_("contact role"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_expert = models.ForeignKey(
        "members.ExpertProfile",
        verbose_name=_("contact in the experts directory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Links the contact person to their profile, which members can open."),
    )
    last_verified = models.DateField(_("last verified"), null=True, blank=True)

    external_id = models.CharField(
        _("external ID"), max_length=100, unique=True, null=True, blank=True, editable=False
    )
    source_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = PageManager.from_queryset(CaseStudyQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("budget_amount"), FieldPanel("budget_currency")]),
                FieldPanel("funding_sources"),
                FieldPanel("partners"),
            ],
            heading=_("Facts"),
        ),
        MultiFieldPanel(
            [FieldPanel("results"), FieldPanel("lessons_learned"), FieldPanel("transferability")],
            heading=_("Outcomes"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_role"),
                FieldPanel("contact_email"),
                FieldPanel("contact_expert"),
                FieldPanel("last_verified"),
            ],
            heading=_("Contact"),
        ),
    ]

    # Wagtail's own search index serves only the admin's page search and the pages API's
    # `?search=`: title and summary. The site's search has its own index (the search app).
    search_fields = Page.search_fields + [index.SearchField("summary")]

    api_fields = [
        APIField("summary"),
        APIField("city", serializer=CitySerializer()),
        APIField("themes", serializer=ThemesSerializer()),
        APIField("tags", serializer=TagsSerializer()),
        APIField("hero_image"),
        APIField("body"),
        APIField("period_start"),
        APIField("period_end"),
        APIField("status"),
        APIField("budget_amount"),
        APIField("budget_currency"),
        APIField("funding_sources"),
        APIField("partners"),
        APIField("results"),
        APIField("lessons_learned"),
        APIField("transferability"),
        APIField("contact_name"),
        APIField("contact_role"),
        APIField("contact_email"),
        APIField("last_verified"),
    ]

    base_form_class = CaseStudyPageForm
    parent_page_types = ["cities.CityPage"]
    subpage_types = []
    exclude_fields_in_copy = ["external_id", "source_hash"]

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    @property
    def is_demo(self):
        return bool(self.external_id) and self.external_id.startswith(DEMO_ID_PREFIX)

    @property
    def period(self):
        """The years as cards and the facts say them, leaving the status to say whether the
        work is planned, ongoing or done: "2024–2026", "since 2017" (ongoing, no end year),
        "from 2027" (planned, no end year)."""
        start, end = self.period_start, self.period_end
        if end and end != start:
            return f"{start}–{end}"
        if end or self.status == self.Status.COMPLETED:
            return str(start)
        if self.status == self.Status.ONGOING:
            return gettext("since %(year)s") % {"year": start}
        return gettext("from %(year)s") % {"year": start}

    def clean(self):
        super().clean()
        if (
            self.period_end is not None
            and self.period_start
            and self.period_end < self.period_start
        ):
            raise ValidationError(
                {"period_end": _("The end year cannot be before the start year.")}
            )
        if self.budget_amount is not None and not self.budget_currency:
            raise ValidationError({"budget_currency": _("Choose the currency of the budget.")})

    def save(self, *args, **kwargs):
        if self.path:
            self.city_id = self.get_parent().id
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["themes"] = self.themes.all()
        context["tags"] = self.tags.all()
        return context
