from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language, get_supported_language_variant, ngettext
from django.utils.translation import gettext as _

from . import services
from .invitations import forget_invitation, invitation_in_session


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """allauth's emails greet with the platform's name and address, not the host name the
        request came in on ("127.0.0.1:8000")."""
        site = SimpleNamespace(
            name=_("Mariupol Reborn learning platform"),
            domain=urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc,
        )
        super().send_mail(template_prefix, email, {"current_site": site, **context})

    def clean_email(self, email):
        """An address longer than an account can hold is refused, not cut short (allauth would
        store its first 254 characters, which may lose the "@")."""
        MaxLengthValidator(get_user_model()._meta.get_field("email").max_length)(email)
        return super().clean_email(email)

    def pre_authenticate(self, request, **credentials):
        """allauth's lockout after too many failed sign-ins, saying when to try again and
        offering a new password instead."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if error.code != "too_many_login_attempts":
                raise
            minutes = settings.LOGIN_LOCKOUT_MINUTES
            message = ngettext(
                "Too many failed sign-in attempts. Wait {minutes} minute and try again, or "
                '<a href="{reset_url}">set a new password</a>.',
                "Too many failed sign-in attempts. Wait {minutes} minutes and try again, or "
                '<a href="{reset_url}">set a new password</a>.',
                minutes,
            )
            reset_url = reverse("account_reset_password")
            lockout = format_html(message, minutes=minutes, reset_url=reset_url)
            raise ValidationError(lockout, code=error.code) from error

    def save_user(self, request, user, form, commit=True):
        """Every new account starts with a membership: active with the role an invitation
        gave, or pending for the city the person asked to join. Emails reach the person in the
        language they signed up in."""
        user.language = get_supported_language_variant(get_language())
        user = super().save_user(request, user, form, commit=True)
        invitation = invitation_in_session(request)
        if invitation:
            services.join_by_invitation(user, invitation)
            forget_invitation(request)
        else:
            services.request_to_join(
                user,
                city=form.cleaned_data["city"],
                motivation=form.cleaned_data.get("motivation", ""),
            )
        return user
