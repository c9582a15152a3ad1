from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from .themes import Theme

# The content languages a term is named in, each with the field holding its terms.
TERM_FIELDS = {"en": "terms_en", "uk": "terms_uk", "nl": "terms_nl", "pl": "terms_pl"}
TERMS_HELP = _("One term per line: the preferred term first, then synonyms in use.")


def in_default_language():
    """Themes are linked in the default language; pages name them in theirs."""
    return models.Q(locale__language_code=settings.LANGUAGE_CODE)


def term_field(verbose_name):
    return models.TextField(verbose_name, help_text=TERMS_HELP)


class GlossaryTerm(index.Indexed, models.Model):
    """One urban-development concept named in every content language. Moderators keep the
    glossary; search expands a query that names a concept into its names in the other
    languages, and the glossary page lists them by theme."""

    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.PROTECT,
        related_name="glossary_terms",
        limit_choices_to=in_default_language,
    )
    terms_en = term_field(_("English"))
    terms_uk = term_field(_("Ukrainian"))
    terms_nl = term_field(_("Dutch"))
    terms_pl = term_field(_("Polish"))

    panels = [FieldPanel("theme"), *(FieldPanel(name) for name in TERM_FIELDS.values())]
    search_fields = [index.SearchField(name) for name in TERM_FIELDS.values()]

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["theme__sort_order", "terms_en"]

    def __str__(self):
        return self.terms("en")[0] if self.terms("en") else "—"

    def terms(self, language):
        """The names of the concept in a language, the preferred one first."""
        lines = getattr(self, TERM_FIELDS[language]).splitlines()
        return [term for line in lines if (term := " ".join(line.split()))]

    def clean(self):
        super().clean()
        errors = {}
        for language, name in TERM_FIELDS.items():
            terms = self.terms(language)
            if not terms:
                errors[name] = _("Name the concept in this language.")
                continue
            taken = self._taken(language, terms)
            if taken:
                errors[name] = _("Already in the glossary under “%(concept)s”: %(term)s.") % {
                    "concept": taken[1],
                    "term": taken[0],
                }
        if errors:
            raise ValidationError(errors)

    def _taken(self, language, terms):
        """(term, other concept) for a term another concept already has, or None."""
        wanted = {term.lower() for term in terms}
        for other in GlossaryTerm.objects.exclude(pk=self.pk):
            for term in other.terms(language):
                if term.lower() in wanted:
                    return term, other
        return None
