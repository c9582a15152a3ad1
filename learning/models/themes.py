from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.models import Locale, Orderable, TranslatableMixin
from wagtail.search import index


class ThemeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def in_locale(self, locale=None):
        return self.filter(locale=locale or Locale.get_active())


class Theme(TranslatableMixin, index.Indexed, ClusterableModel):
    """A curated urban-development theme. Moderators manage the list in the admin.

    Each theme exists once per language; the translations share a translation key, and with
    it one slug, one place in the order and one active flag: whichever translation a moderator
    edits, retires or moves, every language follows (see `save` and `share_order`).
    """

    SHARED_FIELDS = ("slug", "sort_order", "is_active")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=False)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Retired themes disappear from filters; their case studies keep them."),
    )

    objects = ThemeQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("is_active"),
        InlinePanel(
            "featured",
            label=_("Featured case studies"),
            max_num=3,
            help_text=_("Up to three case studies shown first on the theme page."),
        ),
    ]
    api_fields = [
        APIField("name"),
        APIField("slug"),
        APIField("description"),
        APIField("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_theme_slug_per_locale")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        languages = self.get_translations().values("locale")
        taken = Theme.objects.filter(slug=self.slug, locale__in=languages).exclude(
            translation_key=self.translation_key
        )
        if self.slug and taken.exists():
            raise ValidationError(
                {"slug": _("Another theme has this slug in one of this theme's languages.")}
            )

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        shared = [f for f in self.SHARED_FIELDS if fields is None or f in fields]
        if shared:
            self.get_translations().update(**{f: getattr(self, f) for f in shared})

    @classmethod
    def share_order(cls, locale_id):
        """Gives the translations of the themes in `locale_id` the places those themes have."""
        for translation_key, sort_order in cls.objects.filter(locale_id=locale_id).values_list(
            "translation_key", "sort_order"
        ):
            cls.objects.filter(translation_key=translation_key).exclude(locale_id=locale_id).update(
                sort_order=sort_order
            )

    def get_absolute_url(self):
        return reverse("theme_detail", kwargs={"slug": self.slug})

    def is_in_use(self):
        """Case studies have it: it can be retired or merged into another, not deleted."""
        return self.case_studies.exists()


class ThemeFeature(Orderable):
    """A case study a moderator puts first on a theme's page."""

    theme = ParentalKey(Theme, related_name="featured", on_delete=models.CASCADE)
    case_study = models.ForeignKey(
        "learning.CaseStudyPage", on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("case_study", "learning.CaseStudyPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured case study")
