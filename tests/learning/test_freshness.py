"""Freshness: case studies not verified for FRESHNESS_MONTHS months are listed for their city's
experts and coordinators and mailed to them once a month, in their language; "Still accurate"
verifies one in a single step; search sorts and filters by the date."""

import io
import re
from datetime import datetime, time
from html import unescape

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import PageLogEntry

from learning.freshness import months_before
from learning.models import CaseStudyPage
from learning.reminders import send_reminders
from learning.tasks import send_freshness_reminders
from members.demo import PASSWORD
from members.models import Role
from tests.factories import CaseStudyFactory, MemberFactory
from tests.helpers import city, theme
from tests.search_engines import sync_index

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
TWO_YEARS_AGO = months_before(TODAY, 24)
LAST_MONTH = months_before(TODAY, 1)


def case_study(title, city_slug="utrecht", language="en", verified=None, published=None, **kw):
    """A live case study verified on `verified` (None: never), first published on `published`
    (default: now), as an import of older work leaves it."""
    page = CaseStudyFactory(
        parent=city(city_slug, language),
        title=title,
        themes=[theme("sustainable-mobility", language)],
        last_verified=verified,
        **kw,
    )
    if published:
        moment = timezone.make_aware(datetime.combine(published, time(10)))
        CaseStudyPage.objects.filter(pk=page.pk).update(first_published_at=moment)
        page.refresh_from_db()
    return page


@pytest.fixture
def utrecht():
    """Utrecht's work in various states of freshness, and a stale Gdansk case study."""
    return {
        "stale": case_study("Bicycle parking at the station", verified=TWO_YEARS_AGO),
        "never": case_study("Car-free school streets", published=TWO_YEARS_AGO),
        "dutch": case_study(
            "Fietsstraten in Utrecht", language="nl", verified=months_before(TODAY, 19)
        ),
        "fresh": case_study("Tram to the Uithof", verified=LAST_MONTH),
        "new": case_study("Cargo bikes for shops"),  # never verified, published today
        "draft": CaseStudyFactory(
            parent=city("utrecht"),
            title="Unpublished plan",
            themes=[theme("sustainable-mobility")],
            publish=False,
            last_verified=TWO_YEARS_AGO,
        ),
        "gdansk": case_study("Gdansk tram stops", "gdansk", verified=TWO_YEARS_AGO),
    }


def account_page(client, user, language="en"):
    client.force_login(user)
    return unescape(client.get(f"/{language}/accounts/me/").content.decode())


def test_the_account_page_lists_the_stale_case_studies_of_the_members_own_city(client, utrecht):
    page = account_page(client, MemberFactory(role=Role.COORDINATOR, city="utrecht"))
    listed = page.split('class="check-list"')[1].split("</ul>")[0]
    # The longest unchecked first, in every language the city writes in.
    assert re.findall(r">([^<]+)</a>\s*<span", listed) == [
        "Bicycle parking at the station",
        "Car-free school streets",
        "Fietsstraten in Utrecht",
    ]
    assert f"Last verified on {date_format(TWO_YEARS_AGO)}" in listed
    assert "Never verified; first published on" in listed
    assert listed.count(">Still accurate</button>") == 3
    for title in ("Tram to the Uithof", "Cargo bikes for shops", "Unpublished plan", "Gdansk"):
        assert title not in listed

    gdansk = account_page(client, MemberFactory(role=Role.EXPERT, city="gdansk"))
    assert "Gdansk tram stops" in gdansk and "Bicycle parking" not in gdansk

    # Readers are not asked to check anything.
    reader = account_page(client, MemberFactory(role=Role.MEMBER, city="utrecht"))
    assert "Case studies to check" not in reader and "Bicycle parking" not in reader


def test_a_city_with_nothing_stale_says_so(client):
    case_study("Tram to the Uithof", verified=LAST_MONTH)
    page = account_page(client, MemberFactory(role=Role.EXPERT, city="utrecht"))
    expected = "Nothing to check: every case study of your city was verified in the last 18 months"
    assert expected in page


def test_the_setting_says_how_old_is_stale(client, settings, utrecht):
    settings.FRESHNESS_MONTHS = 36
    page = account_page(client, MemberFactory(role=Role.EXPERT, city="utrecht"))
    assert "Nothing to check" in page and "Bicycle parking" not in page


def test_the_monthly_reminder_lists_the_case_studies_with_links_in_each_persons_language(
    utrecht,
):
    ukrainian = MemberFactory(role=Role.EXPERT, city="utrecht")
    ukrainian.language = "uk"
    ukrainian.save()
    english = MemberFactory(role=Role.COORDINATOR, city="utrecht")  # the site's default language
    gdansk = MemberFactory(role=Role.EXPERT, city="gdansk")
    MemberFactory(role=Role.MEMBER, city="utrecht")  # readers get no reminder
    MemberFactory(role=Role.COORDINATOR, city="warsaw")  # nothing to check in Warsaw: no email

    assert send_freshness_reminders.enqueue().return_value == 3
    by_person = {message.to[0]: message for message in mail.outbox}
    assert set(by_person) == {ukrainian.email, english.email, gdansk.email}

    message = by_person[ukrainian.email]
    assert message.subject == "[Mariupol Reborn] 3 кейси міста Утрехт для перевірки"
    assert "3 кейси міста Утрехт не перевірялися вже 18 місяців або довше" in message.body
    assert "Bicycle parking at the station (English)" in message.body
    assert f"http://testserver{utrecht['stale'].url}" in message.body
    assert f"http://testserver{utrecht['dutch'].url}" in message.body
    assert "Ще не перевірено; уперше опубліковано" in message.body
    assert "http://testserver/uk/accounts/me/" in message.body
    for title in ("Tram to the Uithof", "Cargo bikes for shops", "Unpublished", "Gdansk"):
        assert title not in message.body

    message = by_person[english.email]
    assert message.subject == "[Mariupol Reborn] 3 case studies of Utrecht to check"
    assert "Last verified on" in message.body
    assert "http://testserver/en/accounts/me/" in message.body


def test_running_the_reminders_twice_in_a_month_sends_one_email_each(utrecht):
    experts = [
        MemberFactory(role=Role.EXPERT, city="utrecht"),
        MemberFactory(role=Role.EXPERT, city="gdansk"),
    ]
    output = io.StringIO()
    call_command("send_freshness_reminders", stdout=output)
    call_command("send_freshness_reminders", stdout=output)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.email for e in experts)
    assert "Sent 2 reminder(s)" in output.getvalue() and "Sent 0 reminder(s)" in output.getvalue()

    # Next month they are reminded again, once.
    next_month = months_before(TODAY, -1)
    assert send_reminders(today=next_month) == 2
    assert send_reminders(today=next_month) == 0
    assert len(mail.outbox) == 4


def confirm(client, page, user=None, **data):
    if user:
        client.force_login(user)
    return client.post(f"/en/case-studies/{page.pk}/still-accurate/", data)


def test_still_accurate_publishes_todays_date_logs_it_and_takes_it_off_the_list(client, utrecht):
    expert = MemberFactory(role=Role.EXPERT, city="utrecht")
    stale = utrecht["stale"]
    response = confirm(client, stale, expert, next="/en/accounts/me/")
    assert response.status_code == 302 and response["Location"] == "/en/accounts/me/"

    stale.refresh_from_db()
    assert stale.last_verified == TODAY and stale.live and not stale.has_unpublished_changes
    assert stale.live_revision.user == expert
    entry = PageLogEntry.objects.get(page=stale, action="learning.confirm_accurate")
    assert entry.user == expert and entry.revision == stale.live_revision
    assert entry.data == {"last_verified": TODAY.isoformat(), "published": True}
    assert entry.message == "Confirmed still accurate"

    page = client.get("/en/accounts/me/").content.decode()
    assert "“Bicycle parking at the station” is marked as verified today." in page
    assert "Bicycle parking at the station</a>" not in page
    assert "Car-free school streets</a>" in page
    assert f"Last verified on {date_format(TODAY)}" in client.get(stale.url).content.decode()


def test_only_those_who_may_edit_the_case_study_may_confirm_it(client, utrecht):
    stale = utrecht["stale"]
    for outsider in (
        MemberFactory(role=Role.EXPERT, city="gdansk"),
        MemberFactory(role=Role.MEMBER, city="utrecht"),
    ):
        assert confirm(client, stale, outsider).status_code == 403
        assert "Still accurate" not in client.get(stale.url).content.decode()
    client.logout()
    assert confirm(client, stale)["Location"].startswith("/en/accounts/login/")
    assert client.get(f"/en/case-studies/{stale.pk}/still-accurate/").status_code == 302
    stale.refresh_from_db()
    assert stale.last_verified == TWO_YEARS_AGO
    assert not PageLogEntry.objects.filter(action="learning.confirm_accurate").exists()

    # The city's coordinator may, from the case study's own page; and a moderator may.
    client.force_login(MemberFactory(role=Role.COORDINATOR, city="utrecht"))
    assert ">Still accurate</button>" in client.get(stale.url).content.decode()
    assert confirm(client, stale)["Location"] == stale.url
    assert (
        confirm(
            client, utrecht["gdansk"], MemberFactory(role=Role.MODERATOR, city="gdansk")
        ).status_code
        == 302
    )
    assert CaseStudyPage.objects.get(pk=utrecht["gdansk"].pk).last_verified == TODAY


def test_a_case_study_with_changes_waiting_for_review_gets_the_date_with_them(client, utrecht):
    """Confirming never publishes someone's unreviewed changes, nor sets them aside: the date
    joins them and goes live when a moderator publishes them."""
    expert = MemberFactory(role=Role.EXPERT, city="utrecht")
    stale = utrecht["stale"]
    draft = stale.get_latest_revision_as_object()
    draft.summary = "Twelve thousand places, and a new garage on the east side."
    draft.save_revision(user=expert)

    assert confirm(client, stale, expert).status_code == 302
    stale.refresh_from_db()
    assert stale.last_verified == TWO_YEARS_AGO  # the live page is unchanged
    assert stale.summary == "Summary of Bicycle parking at the station."
    latest = stale.get_latest_revision_as_object()
    assert latest.last_verified == TODAY and latest.summary.startswith("Twelve thousand")
    entry = PageLogEntry.objects.get(page=stale, action="learning.confirm_accurate")
    assert entry.data["published"] is False

    page = client.get("/en/accounts/me/").content.decode()
    assert "Today's date is added to the changes of “Bicycle parking" in unescape(page)
    assert "Confirmed: the new date is shown once the changes" in page
    send_reminders()
    assert "Bicycle parking" not in mail.outbox[0].body

    stale.get_latest_revision().publish(user=MemberFactory(role=Role.MODERATOR, city="gdansk"))
    stale.refresh_from_db()
    assert stale.last_verified == TODAY and stale.summary.startswith("Twelve thousand")


@pytest.fixture
def verified_work(engine):
    """Case studies about heat, verified at different times, indexed by the engine under test."""
    pages = {
        "month": case_study("Heat pumps in schools", verified=LAST_MONTH),
        "year": case_study("Heat network extension", "gdansk", verified=months_before(TODAY, 14)),
        "old": case_study("Heat maps of the city", "lviv", verified=months_before(TODAY, 30)),
        "never": case_study("Heat in winter shelters", "warsaw"),  # the newest
    }
    sync_index()
    return pages


def titles(client, query, language="en"):
    data = client.get(f"/api/v2/search/?{query}&language={language}").json()
    return [result["title"] for result in data["results"]]


def test_search_sorts_by_the_verification_date_and_filters_by_it(client, verified_work):
    assert titles(client, "q=heat&sort=verified") == [
        "Heat pumps in schools",
        "Heat network extension",
        "Heat maps of the city",
        "Heat in winter shelters",  # never verified: last
    ]
    assert titles(client, "sort=verified")[0] == "Heat pumps in schools"  # without text too
    assert titles(client, "q=heat&verified_within=12") == ["Heat pumps in schools"]
    assert set(titles(client, "q=heat&verified_within=24")) == {
        "Heat pumps in schools",
        "Heat network extension",
    }
    # The facets count what the filter keeps.
    data = client.get("/api/v2/search/?q=heat&verified_within=24&sort=verified").json()
    assert {f["value"]: f["count"] for f in data["facets"]["city"]} == {"utrecht": 1, "gdansk": 1}
    assert data["results"][0]["last_verified"] == LAST_MONTH.isoformat()

    # Confirming a case study still accurate brings it to the top at once.
    confirm(client, verified_work["old"], MemberFactory(role=Role.EXPERT, city="lviv"))
    sync_index()
    assert titles(client, "q=heat&sort=verified")[0] == "Heat maps of the city"
    assert "Heat maps of the city" in titles(client, "q=heat&verified_within=12")


def test_the_search_page_offers_the_sort_and_filter_and_shows_the_dates(client, verified_work):
    page = unescape(client.get("/en/search/?q=heat&verified_within=24").content.decode())
    assert page.count('class="card result"') == 2
    assert f"verified {date_format(LAST_MONTH)}</time>" in page
    assert '<input type="radio" name="verified_within" value="24" checked>' in page
    assert "in the last 12 months" in page and "verified in the last 24 months" in page
    assert 'href="?q=heat&amp;verified_within=24&amp;sort=verified">recently verified</a>' in (
        client.get("/en/search/?q=heat&verified_within=24").content.decode()
    )
    sorted_page = client.get("/en/search/?q=heat&sort=verified").content.decode()
    assert "<strong>recently verified</strong>" in sorted_page

    # Listings show the date compactly on each card.
    listing = unescape(client.get("/en/cities/utrecht/").content.decode())
    card = f'<time datetime="{LAST_MONTH.isoformat()}">verified {date_format(LAST_MONTH)}</time>'
    assert card in listing


@pytest.mark.parametrize("value", ["0", "121", "abc", "-3", "1.5"])
def test_a_bad_verified_within_gets_a_clear_answer(client, value):
    api = client.get(f"/api/v2/search/?verified_within={value}")
    assert api.status_code == 400
    assert api.json()["message"] == "verified_within must be a number of months from 1 to 120."
    site = client.get(f"/en/search/?verified_within={value}")
    assert site.status_code == 400
    assert "Choose how recently the case studies were verified: 1 to 120 months." in (
        site.content.decode()
    )


def test_an_unknown_sort_names_every_sort(client):
    response = client.get("/api/v2/search/?sort=verification")
    assert response.status_code == 400
    assert response.json()["message"] == "Sort must be 'relevance', 'newest' or 'verified'."


def test_the_demo_coordinator_and_expert_have_case_studies_to_check(client, settings):
    settings.DEBUG = True
    call_command("load_demo_content", "--with-accounts", stdout=io.StringIO())
    for email in ("coordinator@example.org", "expert@example.org"):
        assert client.login(email=email, password=PASSWORD)
        page = unescape(client.get("/en/accounts/me/").content.decode())
        listed = page.split('class="check-list"')[1].split("</ul>")[0]
        assert "Separating waste after collection" in listed
        assert "Regional crisis exercises" in listed
        assert "Retention reservoirs" not in listed  # Gdansk's
