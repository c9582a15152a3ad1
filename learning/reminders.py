"""The monthly freshness reminder: each expert and coordinator whose city has case studies due
for a check gets one email a month listing them, in their own language."""

import logging
from smtplib import SMTPException

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Locale

from cities.models import CityPage
from members import emails

from .freshness import checkers, due_for_check
from .models import FreshnessReminder

logger = logging.getLogger(__name__)


def send_reminders(today=None):
    """Emails everyone with case studies to check who has had no reminder this month. Safe to
    run again, at the same time too: a person's reminder of a month is recorded in the
    transaction that sends it, once. Returns how many were sent."""
    today = today or timezone.localdate()
    month = today.replace(day=1)
    sent = 0
    for city in CityPage.objects.filter(locale=Locale.get_default()).order_by("title"):
        waiting = [page for page in due_for_check(city, today) if not page.confirmed_in_draft]
        if not waiting:
            continue
        for page in waiting:
            page.link = _link(page)
        reminded = FreshnessReminder.objects.filter(month=month).values("user")
        for person in checkers(city).exclude(pk__in=reminded):
            sent += _remind(person, city, waiting, month)
    return sent


def _link(page):
    """The page's address on the site, as the other emails give addresses."""
    _site_id, _root_url, path = page.get_url_parts()
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _remind(person, city, case_studies, month):
    try:
        with transaction.atomic():
            FreshnessReminder.objects.create(
                user=person, month=month, case_studies=len(case_studies)
            )
            emails.send(
                "freshness_reminder", [person], person=person, city=city, case_studies=case_studies
            )
    except IntegrityError:  # another run sent it meanwhile
        return 0
    except (SMTPException, OSError) as error:  # not recorded: the next run tries again
        logger.warning("Freshness reminder to %s not sent: %s", person.email, error)
        return 0
    return 1
