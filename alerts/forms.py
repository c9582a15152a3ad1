from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Frequency


class PreferencesForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Email me new matches"), choices=Frequency.choices, widget=forms.RadioSelect
    )
    language = forms.ChoiceField(label=_("Language of emails"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each language in its own name, as the language switcher shows them.
        self.fields["language"].choices = settings.LANGUAGES
