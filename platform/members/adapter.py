from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.core.validators import MaxLengthValidator

from . import services
from .invitations import forget_invitation, invitation_in_session


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        """An address longer than an account can hold is refused, not cut short (allauth would
        store its first 254 characters, which may lose the "@")."""
        MaxLengthValidator(get_user_model()._meta.get_field("email").max_length)(email)
        return super().clean_email(email)

    def save_user(self, request, user, form, commit=True):
        """Every new account starts with a membership: active with the role an invitation
        gave, or pending for the city the person asked to join."""
        user = super().save_user(request, user, form, commit=True)
        invitation = invitation_in_session(request)
        if invitation:
            services.join_by_invitation(user, invitation)
            forget_invitation(request)
        else:
            services.request_to_join(
                user, form.cleaned_data["city"], form.cleaned_data.get("motivation", "")
            )
        return user
