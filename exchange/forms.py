from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from cities.models import CityPage
from learning.models import Theme

from .models import KnowledgeRequest


class AskForm(forms.ModelForm):
    """The question, in the visitor's language: themes and cities are those of the page's
    language (the request keeps them; every language's translations match them)."""

    class Meta:
        model = KnowledgeRequest
        fields = ["title", "body", "themes", "cities", "language", "deadline", "public"]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "cities": forms.CheckboxSelectMultiple,
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "body": forms.Textarea(attrs={"rows": 8}),
        }
        labels = {"public": _("Anyone may read it, also without signing in")}
        help_texts = {
            "title": _("One sentence: what do you want to know?"),
            "body": _("The situation in Mariupol, what you know already, what the answer is for."),
            "cities": _("None chosen: every partner city."),
            "public": _("Otherwise only members of the platform see it."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = Locale.get_active()
        self.fields["themes"].queryset = Theme.objects.active().in_locale(locale)
        self.fields["themes"].required = True
        self.fields["cities"].queryset = CityPage.objects.filter(locale=locale).order_by("title")
        self.fields["language"].choices = settings.LANGUAGES

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline and deadline < timezone.localdate():
            raise forms.ValidationError(_("That day has passed: choose a later one, or none."))
        return deadline


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Paragraphs are separated by a blank line. Paste the address of a case study or a "
            "document of the platform to link to it."
        ),
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=KnowledgeRequest.objects.none(),
        help_text=_("Its answers move there, and this request leads there from now on."),
    )

    def __init__(self, *args, duplicate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = KnowledgeRequest.objects.exclude(pk=duplicate.pk).exclude(
            status=KnowledgeRequest.Status.MERGED
        )
