from django.db.models import Q

from pages.forms import EditConflictPageForm


class CaseStudyPageForm(EditConflictPageForm):
    """Offers the themes of the case study's own language: active ones, plus any it already has."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .themes import Theme

        locale = self.instance.locale if self.instance.pk else self.parent_page.locale
        # The instance may come from a revision, whose themes are an in-memory list.
        current = [theme.pk for theme in self.instance.themes.all()] if self.instance.pk else []
        self.fields["themes"].queryset = Theme.objects.filter(locale=locale).filter(
            Q(is_active=True) | Q(pk__in=current)
        )

    def clean_tags(self):
        from .case_studies import validate_tags

        tags = self.cleaned_data["tags"]
        validate_tags(tags)
        return tags
