"""The digests: one email per member and period (a day, or a week from Monday, in the site's
time zone) listing the case studies their saved searches and follows matched since their last
one, in the member's language, each with its language, city and link. Nothing is sent when
nothing new matched, or when none of it is still published and visible to the member.

Sending is idempotent: a digest is recorded (Digest, one per member and period: a database
constraint) in the same transaction that marks its matches as sent, so running it again in
the same period, or two runs at once, send one email."""

import logging
import smtplib
from datetime import timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from learning.models import CaseStudyPage
from learning.visibility import member_request
from members import emails
from members.roles import is_member
from search.facets import labels

from .models import Digest, Follow, Frequency, NewMatch
from .unsubscribe import token_for

logger = logging.getLogger(__name__)


def period_start(frequency, today):
    """The first day of the period `today` is in."""
    return today if frequency == Frequency.DAILY else today - timedelta(days=today.weekday())


def send_due(today=None):
    """Sends every digest that is due; returns how many were sent."""
    today = today or timezone.localdate()
    waiting = NewMatch.objects.filter(digest=None).values("user_id").distinct()
    users = get_user_model().objects.filter(pk__in=waiting).select_related("alert_settings")
    sent = 0
    for user in users.order_by("pk"):
        alert_settings = getattr(user, "alert_settings", None)
        frequency = alert_settings.frequency if alert_settings else Frequency.WEEKLY
        if frequency == Frequency.NEVER or not user.is_active or not is_member(user):
            continue
        start = period_start(frequency, today)
        if Digest.objects.filter(user=user, period_start__gte=start).exists():
            continue  # already had this period's digest: the matches wait for the next one
        try:
            sent += _send(user, frequency, start)
        except (OSError, smtplib.SMTPException):
            logger.exception("The digest for member %s could not be sent", user.pk)
    return sent


@transaction.atomic
def _send(user, frequency, start):
    """Sends `user` their digest for the period from `start`: 1 if sent, else 0."""
    waiting = NewMatch.objects.filter(user=user, digest=None)
    ids = set(waiting.select_for_update().values_list("case_study_id", flat=True))
    pages = CaseStudyPage.objects.visible_to(member_request(user)).filter(pk__in=ids)
    pages = list(pages.for_links().order_by("-last_published_at", "-pk"))
    waiting.exclude(case_study__in=[page.pk for page in pages]).delete()  # gone, or hidden now
    if not pages:
        return 0
    language = (
        user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    )
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                user=user, period_start=start, frequency=frequency, language=language
            )
    except IntegrityError:  # another run sent it a moment ago
        return 0
    matches = list(waiting.select_related("saved_search", "follow"))
    NewMatch.objects.filter(pk__in=[m.pk for m in matches]).update(digest=digest)
    with translation.override(language):
        _message(user, pages, matches, frequency, language).send()
    return 1


def _message(user, pages, matches, frequency, language):
    site_url = settings.PLATFORM_BASE_URL
    unsubscribe_url = urljoin(site_url, reverse("alerts_unsubscribe", args=[token_for(user)]))
    context = {
        "user": user,
        "case_studies": _listed(pages, matches, site_url),
        "frequency": frequency,
        "following_url": urljoin(site_url, reverse("following")),
        "unsubscribe_url": unsubscribe_url,
        "site_url": site_url,
    }
    return emails.message(
        "alerts/email/digest",
        user.email,
        language,
        {**context, "count": len(pages)},
        headers={
            # RFC 2369 and RFC 8058: mail programs offer an unsubscribe button, which posts
            # to the same address.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _listed(pages, matches, site_url):
    """What the email says of each case study: title, language, city, link, whether it is new
    or revised, and what the member follows that found it (in the member's language)."""
    names = labels()
    reasons, updated = {}, {}
    for match in matches:
        updated[match.case_study_id] = updated.get(match.case_study_id, True) and match.updated
        if match.saved_search:
            reason = ("search", match.saved_search.name)
        elif match.follow.kind == Follow.Kind.THEME:
            reason = ("theme", names["theme"].get(match.follow.slug, match.follow.slug))
        else:
            reason = ("city", names["city"].get(match.follow.slug, match.follow.slug))
        reasons.setdefault(match.case_study_id, []).append(reason)
    return [
        {
            "title": page.title,
            "language": settings.AVAILABLE_LANGUAGES.get(page.locale.language_code, ""),
            "city": names["city"].get(page.city.slug, page.city.title) if page.city else "",
            "url": urljoin(site_url, page.get_url()),
            "updated": updated.get(page.pk, False),
            "reasons": sorted(set(reasons.get(page.pk, [])), key=_reason_order),
        }
        for page in pages
    ]


def _reason_order(reason):
    """Saved searches first, then themes, then cities; each by name."""
    kind, name = reason
    return ("search", "theme", "city").index(kind), name.lower()
