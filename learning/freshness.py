"""Keeping case studies true to the facts. A live case study not verified for FRESHNESS_MONTHS
months (one never verified: since its first publication) is due for a check by its city's
experts and coordinators: their account page lists it, a monthly email reminds them
(learning/reminders.py), and "Still accurate" verifies it in one step."""

import calendar
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import ngettext
from wagtail.log_actions import log
from wagtail.models import Revision

from members.models import Membership, Role

from .models import CaseStudyPage

CONFIRM_ACTION = "learning.confirm_accurate"
CHECKING_ROLES = (Role.EXPERT, Role.COORDINATOR)


def months_before(day, months):
    """The same day `months` months earlier (the month's last day if that month is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_text(months=None):
    """How long a case study may go unverified, to be said in a sentence: "18 months"."""
    months = months or settings.FRESHNESS_MONTHS
    return ngettext("%(months)d month", "%(months)d months", months) % {"months": months}


def due_on_or_before(today=None):
    """Case studies last verified on this day or before are due for a check."""
    return months_before(today or timezone.localdate(), settings.FRESHNESS_MONTHS)


def due_for_check(city, today=None):
    """The live case studies of `city` (a city page, in any language) due for a check, in every
    language, the longest unchecked first. Each has `checked_on`, the day it was verified or
    else first published, and `confirmed_in_draft`: someone confirmed it while it had changes
    waiting for publication, so the date goes live with them."""
    cutoff = due_on_or_before(today)
    day_after = timezone.make_aware(datetime.combine(cutoff + timedelta(days=1), time.min))
    pages = list(
        CaseStudyPage.objects.live()
        .in_city(city)
        .filter(
            Q(last_verified__lte=cutoff)
            | Q(last_verified__isnull=True, first_published_at__lt=day_after)
        )
        .for_links()
    )
    drafts = [page.latest_revision_id for page in pages if page.has_unpublished_changes]
    verified_in_draft = dict(
        Revision.objects.filter(pk__in=drafts).values_list("pk", "content__last_verified")
    )
    for page in pages:
        page.checked_on = page.last_verified or timezone.localdate(page.first_published_at)
        in_draft = verified_in_draft.get(page.latest_revision_id)
        page.confirmed_in_draft = bool(in_draft) and date.fromisoformat(in_draft) > cutoff
    return sorted(pages, key=lambda page: (page.checked_on, page.title))


def checks_for(user):
    """What `user` is asked to check: their city's case studies due for a check if they are
    one of its active experts or coordinators, else None."""
    membership = getattr(user, "membership", None)
    if membership is None or not membership.is_active or membership.role not in CHECKING_ROLES:
        return None
    return due_for_check(membership.city)


def checkers(city):
    """The people who check `city`'s case studies: its active experts and coordinators."""
    return get_user_model().objects.filter(
        membership__city=city,
        membership__role__in=CHECKING_ROLES,
        membership__status=Membership.Status.ACTIVE,
        is_active=True,
    )


def may_confirm(user, page):
    """Whoever may edit the case study (Wagtail's page permissions: experts and coordinators
    under their own city's page, moderators everywhere) may confirm it is still accurate."""
    return user.is_authenticated and page.permissions_for_user(user).can_edit()


@transaction.atomic
def confirm_still_accurate(page, user, today=None):
    """Sets the case study's `last_verified` to today, as `user`, in a new revision logged in
    Wagtail's audit log. Returns whether the date is live.

    Only the date changes, so the revision is published at once, without review (experts and
    coordinators cannot publish otherwise). But a case study with changes waiting for
    publication (a draft, perhaps in review) is not published: that would publish the changes
    unreviewed, or else bury them under a newer revision and cancel their review. The date is
    added to those changes instead, in a new draft revision; their review goes on, and the date
    goes live when they are published."""
    today = today or timezone.localdate()
    page = CaseStudyPage.objects.get(pk=page.pk)
    if page.has_unpublished_changes or page.workflow_in_progress:
        draft = page.get_latest_revision_as_object()
        draft.last_verified = today
        revision = draft.save_revision(user=user, clean=False)
        published = False
    else:
        page.last_verified = today
        revision = page.save_revision(user=user, clean=False)
        revision.publish(user=user, skip_permission_checks=True)
        published = True
    log(
        page,
        CONFIRM_ACTION,
        user=user,
        revision=revision,
        data={"last_verified": today.isoformat(), "published": published},
    )
    return published
