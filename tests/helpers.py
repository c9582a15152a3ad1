"""Small builders for test data, going through the same model methods editors use."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt

from cities.models import CityPage
from learning.models import CaseStudyPage, Theme


def city(slug, language="en"):
    return CityPage.objects.get(slug=slug, locale__language_code=language)


def theme(slug, language="en"):
    return Theme.objects.get(slug=slug, locale__language_code=language)


def add_case_study(city_page, title, themes, tags=(), publish=True, **fields):
    """Creates a case study under `city_page` the way an editor does: a revision, then
    publication unless `publish` is False."""
    values = {"summary": f"Summary of {title}.", "period_start": 2020, "status": "ongoing"}
    values.update(fields)
    page = CaseStudyPage(title=title, live=False, **values)
    page.themes = list(themes)
    page.tags.set(list(tags))
    city_page.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return CaseStudyPage.objects.get(pk=page.pk)


def with_mfa(user):
    """Gives `user` an authenticator app, as set up on the two-factor page."""
    TOTP.activate(user, generate_totp_secret())
    return user


def totp_code(user):
    """The code `user`'s authenticator app shows now."""
    secret = decrypt(Authenticator.objects.get(user=user, type="totp").data["secret"])
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
