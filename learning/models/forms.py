from django.db.models import Q

from pages.forms import EditConflictPageForm

from ..tags import validate_tags
from .themes import Theme


class CaseStudyPageForm(EditConflictPageForm):
    """Offers the themes of the case study's own language: active ones, plus any it already has."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = self.instance.locale if self.instance.pk else self.parent_page.locale
        # The instance may come from a revision, whose themes are an in-memory list.
        current = [theme.pk for theme in self.instance.themes.all()] if self.instance.pk else []
        self.fields["themes"].queryset = Theme.objects.filter(locale=locale).filter(
            Q(is_active=True) | Q(pk__in=current)
        )

    def clean_tags(self):
        tags = self.cleaned_data["tags"]
        validate_tags(tags)
        return tags
