from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from cities.models import CityPage

from .models import ExpertProfile, Role
from .models.profiles import SPOKEN_LANGUAGES


class CityChoiceField(forms.ModelChoiceField):
    """The cities, named in the visitor's language."""

    def __init__(self, **kwargs):
        queryset = CityPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        super().__init__(queryset=queryset.order_by("title"), **kwargs)

    def label_from_instance(self, city):
        return city.localized.title


class SignupForm(AllauthSignupForm):
    """Signup asks which city the person belongs to. With an invitation, the email address,
    the city and the role come from the invitation."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    city = CityChoiceField(label=_("Your city"))
    motivation = forms.CharField(
        label=_("Your work and why you want to join"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, invitation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        if invitation:
            del self.fields["city"], self.fields["motivation"]
            self.initial["email"] = invitation.email
            self.fields["email"].disabled = True

    def try_save(self, request):
        """For an address that has an account already, allauth only emails its owner (so the
        answer does not reveal the account). The password is hashed all the same, so neither
        does the time the answer takes: hashing is most of the cost of a new account."""
        if self.account_already_exists:
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    city = CityChoiceField(label=_("City"))
    role = forms.ChoiceField(label=_("Role"))
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=settings.LANGUAGES)

    def __init__(self, *args, cities, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = get_language()
        self.fields["city"].queryset = cities
        if len(cities) == 1:  # a coordinator's own city
            self.fields["city"].initial = cities[0]
        self.fields["role"].choices = [(r.value, r.label) for r in roles]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(Role(r).value, Role(r).label) for r in roles]


class ExpertProfileForm(forms.ModelForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=SPOKEN_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    email_language = forms.ChoiceField(label=_("Language of emails"), choices=settings.LANGUAGES)

    class Meta:
        model = ExpertProfile
        fields = ["themes", "languages", "bio"]
        widgets = {"themes": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        themes = self.fields["themes"]  # learning's themes, which the profile names
        themes.queryset = themes.queryset.active().in_locale(Locale.get_default())
        themes.label_from_instance = lambda theme: theme.localized.name
        user = self.instance.user
        self.initial.update(
            first_name=user.first_name, last_name=user.last_name, email_language=user.language
        )

    def save(self, commit=True):
        user = self.instance.user
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.language = self.cleaned_data["email_language"]
        user.save(update_fields=["first_name", "last_name", "language"])
        return super().save(commit)
