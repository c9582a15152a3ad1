"""Lookups of the seeded cities and themes, and what a person sets up on the site (an
authenticator app, members-only privacy, a signed-in browser); the test data itself comes
from tests/factories.py."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt
from django.test import Client

from cities.models import CityPage
from learning.models import Theme
from members.roles import restrict_to_members


def city(slug, language="en"):
    return CityPage.objects.get(slug=slug, locale__language_code=language)


def theme(slug, language="en"):
    return Theme.objects.get(slug=slug, locale__language_code=language)


def with_mfa(user):
    """Gives `user` an authenticator app, as set up on the two-factor page."""
    TOTP.activate(user, generate_totp_secret())
    return user


def totp_code(user):
    """The code `user`'s authenticator app shows now."""
    secret = decrypt(Authenticator.objects.get(user=user, type="totp").data["secret"])
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def members_only(page):
    """Restricts `page` to approved members, as a moderator does with Wagtail's privacy
    setting "Only these groups: Platform members"."""
    restrict_to_members(page)
    return page


def signed_in(user):
    """A test client signed in as `user`."""
    client = Client()
    client.force_login(user)
    return client
