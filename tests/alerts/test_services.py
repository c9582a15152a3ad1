"""Saved searches, followed themes and cities, and the email digests of new matches: what a
member saves and follows, which publications reach whom, the digest's content, language and
rhythm, and unsubscribing from an email."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.http import QueryDict
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from alerts.digests import send_due
from alerts.models import AlertSettings, Digest, Follow, Frequency, NewMatch, SavedSearch
from alerts.unsubscribe import token_for, user_of
from learning.models import CaseStudyPage
from members.models import Membership, Role
from members.roles import MODERATORS_GROUP
from tests.factories import CaseStudyFactory, MemberFactory
from tests.helpers import city, members_only, signed_in, theme

pytestmark = pytest.mark.django_db

HEAT_PUMPS = {
    "summary": "Schools heated by heat pumps instead of gas boilers.",
    "body": [("paragraph", "<p>Ground-source heat pumps in twelve schools.</p>")],
}


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publishes a new case study as an editor does, and lets the transaction commit: the
    matching task runs then (the tests' task backend runs tasks at once)."""

    def publish(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return CaseStudyFactory(**kwargs)

    return publish


@pytest.fixture
def revise(django_capture_on_commit_callbacks):
    def revise(page, **changes):
        page = CaseStudyPage.objects.get(pk=page.pk)
        for name, value in changes.items():
            setattr(page, name, value)
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        return page

    return revise


def member(email, city_slug="mariupol", language="en", first_name="Member"):
    user = MemberFactory(role=Role.MEMBER, city=city_slug, email=email)
    user.language, user.first_name = language, first_name  # as chosen on the profile page
    user.save(update_fields=["language", "first_name"])
    return user


def save(user, params, name=""):
    response = signed_in(user).post("/en/following/searches/", {**QueryDict(params), "name": name})
    assert response.status_code == 302
    return SavedSearch.objects.get(user=user, name=name or QueryDict(params)["q"])


def follow(user, kind, slug):
    return Follow.objects.create(user=user, kind=kind, slug=slug)


def matched(user):
    """(title, how it was found) of the user's waiting matches."""
    return {
        (m.case_study.title, m.saved_search.name if m.saved_search else m.follow.slug)
        for m in NewMatch.objects.filter(user=user, digest=None)
    }


def for_moderators(page):
    """Wagtail's privacy "only these groups: Moderators" on `page` and what is under it."""
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name=MODERATORS_GROUP)])
    return page


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- saving, following, removing ---------------------------------------------------------


def test_a_member_saves_a_search_from_the_results_and_removes_it_again():
    reader = member("reader@example.org")
    client = signed_in(reader)
    page = client.get("/en/search/", {"q": "heat  pumps", "city": "utrecht"}).content.decode()
    assert "Save this search" in page
    assert 'name="name" value="heat pumps"' in page  # the name defaults to the text
    assert "Save this search" not in client.get("/en/search/").content.decode()

    response = client.post(
        "/en/following/searches/",
        {"q": "heat  pumps", "city": "utrecht", "page": "2", "name": ""},
    )
    saved = SavedSearch.objects.get(user=reader)
    assert (saved.name, saved.params) == ("heat pumps", "city=utrecht&q=heat+pumps")
    assert response["Location"] == "/en/search/?city=utrecht&q=heat+pumps"
    page = client.get(response["Location"]).content.decode()
    assert "Saved as “heat pumps”" in page and "Save this search" not in page

    following = text(client.get("/en/following/").content.decode())
    assert "heat pumps Utrecht" in following
    assert "Weekly" in following  # the default frequency, chosen on this page

    client.post(f"/en/following/searches/{saved.pk}/remove/")
    assert not SavedSearch.objects.filter(user=reader).exists()
    assert "No saved searches yet" in client.get("/en/following/").content.decode()


def test_saving_the_same_search_twice_keeps_one_and_a_search_without_text_is_named_by_filters():
    reader = member("reader@example.org")
    client = signed_in(reader)
    client.post("/en/following/searches/", {"theme": "waste-management", "city": "lviv"})
    client.post("/en/following/searches/", {"city": "lviv", "theme": "waste-management"})
    [saved] = SavedSearch.objects.filter(user=reader)
    assert saved.name == "Waste management, Lviv"


def test_a_search_the_search_page_refuses_is_not_saved():
    client = signed_in(member("reader@example.org"))
    response = client.post(
        "/en/following/searches/", {"q": "x", "theme": "no-such-theme"}, follow=True
    )
    assert "There is no theme “no-such-theme”" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_a_member_follows_a_theme_and_a_city_from_their_pages():
    reader = member("reader@example.org")
    client = signed_in(reader)
    theme_page = client.get("/en/themes/waste-management/").content.decode()
    assert "Follow this theme" in theme_page
    client.post("/en/following/themes/waste-management/", {"next": "/en/themes/waste-management/"})
    assert (
        "Following this theme: stop" in client.get("/en/themes/waste-management/").content.decode()
    )

    city_url = city("gdansk").url
    assert "Follow this city" in client.get(city_url).content.decode()
    response = client.post("/en/following/cities/gdansk/", {"next": city_url})
    assert response["Location"] == city_url

    following = client.get("/en/following/").content.decode()
    assert "Waste management" in following and "Gdansk" in following
    client.post("/en/following/cities/gdansk/", {"follow": "off"})
    assert set(Follow.objects.filter(user=reader).values_list("kind", "slug")) == {
        ("theme", "waste-management")
    }
    assert client.post("/en/following/themes/no-such-theme/").status_code == 404


def test_a_member_chooses_daily_emails_in_polish():
    reader = member("reader@example.org")
    client = signed_in(reader)
    client.post("/en/following/settings/", {"frequency": "daily", "language": "pl"})
    reader.refresh_from_db()
    assert reader.language == "pl" and reader.alert_settings.frequency == Frequency.DAILY
    page = client.get("/en/following/").content.decode()
    assert re.search(r'value="daily"[^>]*checked', page)
    assert re.search(r'<option value="pl"[^>]*selected', page)


def test_the_account_page_links_to_what_you_follow():
    client = signed_in(member("reader@example.org"))
    assert 'href="/en/following/"' in client.get("/en/accounts/me/").content.decode()


def test_anonymous_visitors_are_asked_to_sign_in_and_cannot_save(client):
    page = client.get("/en/search/", {"q": "heat pumps"}).content.decode()
    assert "Sign in to save this search" in page and "Save this search</button>" not in page
    assert (
        "Sign in to follow this theme"
        in client.get("/en/themes/waste-management/").content.decode()
    )
    assert "Sign in to follow this city" in client.get(city("gdansk").url).content.decode()

    response = client.post(
        "/en/following/searches/", {"q": "heat pumps", "next": "/en/search/?q=heat+pumps"}
    )
    assert response["Location"].startswith("/en/accounts/login/?next=/en/search/")
    assert client.post("/en/following/themes/waste-management/")["Location"].startswith(
        "/en/accounts/login/"
    )
    assert client.get("/en/following/")["Location"].startswith("/en/accounts/login/")
    assert not SavedSearch.objects.exists() and not Follow.objects.exists()


def test_people_waiting_for_approval_cannot_save_either():
    waiting = MemberFactory(role=Role.MEMBER, city="lviv", status=Membership.Status.PENDING)
    client = signed_in(waiting)
    assert "Save this search" not in client.get("/en/search/", {"q": "x"}).content.decode()
    assert client.post("/en/following/searches/", {"q": "heat pumps"}).status_code == 403
    assert not SavedSearch.objects.exists()


# --- which publications reach whom -------------------------------------------------------


def test_a_publication_matches_only_the_saved_searches_and_follows_it_passes(publish):
    reader = member("reader@example.org")
    other = member("other@example.org")
    save(reader, "q=heat+pumps")
    save(reader, "q=heat+pumps&city=gdansk", name="heat pumps in Gdansk")
    save(reader, "q=trams", name="trams")
    save(other, "q=pump&status=completed", name="completed pumps")  # the case study is ongoing
    follow(reader, "theme", "energy-efficiency")
    follow(reader, "city", "lviv")
    follow(other, "city", "utrecht")
    follow(other, "theme", "waste-management")

    publish(
        parent=city("utrecht"),
        title="Heat pumps for schools",
        themes=[theme("energy-efficiency")],
        **HEAT_PUMPS,
    )

    assert matched(reader) == {
        ("Heat pumps for schools", "heat pumps"),
        ("Heat pumps for schools", "energy-efficiency"),
    }
    assert matched(other) == {("Heat pumps for schools", "utrecht")}


def test_matching_finds_word_forms_in_other_languages_and_the_glossary_names(publish):
    reader = member("reader@example.org")
    save(reader, "q=warmtepompen", name="Dutch plural")  # the glossary names heat pumps
    save(reader, "q=warmtepompen&glossary=off", name="Dutch, words typed only")
    save(reader, "q=pumped", name="English form")
    save(reader, 'q="gas+boilers"', name="phrase")
    save(reader, 'q="boilers+gas"', name="phrase the other way")
    publish(
        parent=city("utrecht"),
        title="Heat pumps for schools",
        themes=[theme("energy-efficiency")],
        **HEAT_PUMPS,
    )
    assert {how for _title, how in matched(reader)} == {"Dutch plural", "English form", "phrase"}


def test_the_publishing_request_only_queues_the_matching(django_capture_on_commit_callbacks):
    reader = member("reader@example.org")
    follow(reader, "city", "utrecht")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        CaseStudyFactory(
            parent=city("utrecht"), title="Bicycle parking", themes=[theme("sustainable-mobility")]
        )
        assert not NewMatch.objects.exists()  # nothing matched while publishing
    assert callbacks  # the task is queued once the publication commits
    for callback in callbacks:
        callback()
    assert matched(reader) == {("Bicycle parking", "utrecht")}


def test_a_revision_of_the_text_is_news_and_a_revision_of_the_facts_is_not(publish, revise):
    reader = member("reader@example.org")
    follow(reader, "city", "utrecht")
    page = publish(
        parent=city("utrecht"), title="Bicycle parking", themes=[theme("sustainable-mobility")]
    )
    send_due()
    assert len(mail.outbox) == 1

    revise(page, partners="The railway company", budget_amount=1000, budget_currency="EUR")
    assert matched(reader) == set()  # facts only: not news

    revise(page, summary="Guarded parking for twelve thousand bicycles, now open all night.")
    [match] = NewMatch.objects.filter(user=reader, digest=None)
    assert match.updated


def test_a_case_study_only_some_may_see_reaches_only_them(publish):
    reader = member("reader@example.org")
    moderator = MemberFactory(role=Role.MODERATOR, city="utrecht", email="moderator@example.org")
    for user in (reader, moderator):
        follow(user, "city", "lviv")
    lviv = for_moderators(city("lviv"))

    publish(parent=lviv, title="Rubble recycling", themes=[theme("waste-management")])
    assert matched(reader) == set()
    assert matched(moderator) == {("Rubble recycling", "lviv")}


def test_a_case_study_hidden_after_it_matched_is_left_out_of_the_digest(publish):
    reader = member("reader@example.org")
    follow(reader, "city", "utrecht")
    page = publish(
        parent=city("utrecht"), title="Bicycle parking", themes=[theme("sustainable-mobility")]
    )
    assert NewMatch.objects.filter(user=reader).exists()
    for_moderators(page)
    assert send_due() == 0
    assert mail.outbox == []


def test_a_members_only_case_study_is_not_in_the_digest_of_someone_no_longer_a_member(
    django_capture_on_commit_callbacks,
):
    stays = member("stays@example.org")
    leaves = member("leaves@example.org")
    waiting = MemberFactory(role=Role.MEMBER, city="lviv", status=Membership.Status.PENDING)
    for user in (stays, leaves, waiting):
        follow(user, "city", "utrecht")
    draft = CaseStudyFactory(
        parent=city("utrecht"),
        title="Shelter plans",
        themes=[theme("safety-security-resilience")],
        publish=False,
    )
    members_only(draft)
    with django_capture_on_commit_callbacks(execute=True):
        draft.get_latest_revision().publish()
    assert {m.user for m in NewMatch.objects.all()} == {stays, leaves}
    Membership.objects.filter(user=leaves).update(status=Membership.Status.REMOVED)
    leaves.groups.clear()  # as removing a member does: members-only pages close to them

    assert send_due() == 1
    [email] = mail.outbox
    assert email.to == ["stays@example.org"] and "Shelter plans" in email.body


def test_members_who_left_or_turned_emails_off_get_no_matches(publish):
    gone = member("gone@example.org")
    quiet = member("quiet@example.org")
    for user in (gone, quiet):
        follow(user, "city", "utrecht")
    Membership.objects.filter(user=gone).update(status=Membership.Status.REMOVED)
    gone.groups.clear()
    signed_in(quiet).post("/en/following/settings/", {"frequency": "never", "language": "en"})
    publish(parent=city("utrecht"), title="Bicycle parking", themes=[theme("sustainable-mobility")])
    assert not NewMatch.objects.exists()


# --- the digest --------------------------------------------------------------------------


def test_a_polish_member_gets_a_polish_digest_with_languages_links_and_an_unsubscribe_link(
    publish,
):
    reader = member("czytelnik@example.org", language="pl", first_name="Ewa")
    save(reader, "q=heat+pumps")
    follow(reader, "city", "utrecht")
    page = publish(
        parent=city("utrecht", "nl"),
        title="Warmtepompen voor scholen",
        themes=[theme("energy-efficiency", "nl")],
        summary="Scholen verwarmd met heat pumps.",
    )
    call_command("send_digests")
    [email] = mail.outbox
    assert email.to == ["czytelnik@example.org"]
    assert email.subject == "[Mariupol Reborn] 1 nowe studium przypadku dla Ciebie"
    body = email.body
    assert "Dzień dobry, Ewa!" in body
    assert "1 studium przypadku pasuje do tego, co obserwujesz" in body
    assert "Warmtepompen voor scholen" in body
    assert "Nederlands · Utrecht" in body  # the case study's language, in its own name
    assert "Znalezione przez zapisane wyszukiwanie „heat pumps”" in body
    assert "Z obserwowanego miasta: Utrecht" in body
    assert f"http://testserver{page.url}" in body and page.url.startswith("/nl/")
    assert "Ten e-mail przychodzi najwyżej raz w tygodniu." in body
    assert "http://testserver/pl/following/" in body
    # The link is signed when the mail is written (the token holds that second): read it
    # from the mail, and check it is the reader's.
    unsubscribe = re.search(r"http://testserver/pl/following/unsubscribe/([^/\s]+)/", body)
    assert unsubscribe and user_of(unsubscribe[1]) == reader
    assert email.extra_headers["List-Unsubscribe"] == f"<{unsubscribe[0]}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_english_member_gets_an_english_digest(publish):
    reader = member("reader@example.org")
    follow(reader, "city", "utrecht")
    publish(parent=city("utrecht"), title="Bicycle parking", themes=[theme("sustainable-mobility")])
    send_due()
    [email] = mail.outbox
    assert email.subject == "[Mariupol Reborn] 1 new case study for you"
    assert "From the city you follow: Utrecht" in email.body
    assert "English · Utrecht" in email.body


def test_the_digest_goes_once_a_period_however_often_it_runs(publish):
    reader = member("reader@example.org")
    follow(reader, "city", "utrecht")
    publish(parent=city("utrecht"), title="Bicycle parking", themes=[theme("sustainable-mobility")])
    today = timezone.localdate()
    assert send_due(today) == 1
    assert send_due(today) == 0
    call_command("send_digests")
    assert len(mail.outbox) == 1 and Digest.objects.count() == 1

    publish(
        parent=city("utrecht"), title="Tram priority lanes", themes=[theme("sustainable-mobility")]
    )
    monday = today - timedelta(days=today.weekday())
    assert send_due(monday + timedelta(days=6)) == 0  # still this week
    assert send_due(monday + timedelta(days=7)) == 1  # next week
    assert "Tram priority lanes" in mail.outbox[1].body
    assert "Bicycle parking" not in mail.outbox[1].body


def test_daily_members_get_one_a_day(publish):
    reader = member("reader@example.org")
    signed_in(reader).post("/en/following/settings/", {"frequency": "daily", "language": "en"})
    follow(reader, "city", "utrecht")
    today = timezone.localdate()
    publish(parent=city("utrecht"), title="Bicycle parking", themes=[theme("sustainable-mobility")])
    assert send_due(today) == 1
    publish(
        parent=city("utrecht"), title="Tram priority lanes", themes=[theme("sustainable-mobility")]
    )
    assert send_due(today) == 0
    assert send_due(today + timedelta(days=1)) == 1


def test_nothing_is_sent_when_nothing_matched(publish):
    reader = member("reader@example.org")
    save(reader, "q=trams", name="trams")
    publish(parent=city("utrecht"), title="Bicycle parking", themes=[theme("sustainable-mobility")])
    call_command("send_digests")
    assert mail.outbox == [] and not Digest.objects.exists()


# --- unsubscribing -----------------------------------------------------------------------


def test_the_unsubscribe_link_works_without_signing_in(client, publish):
    reader = member("reader@example.org")
    follow(reader, "city", "utrecht")
    url = f"/en/following/unsubscribe/{token_for(reader)}/"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "reader@example.org" in confirm.content.decode()
    assert not AlertSettings.objects.filter(user=reader).exists()  # opening it changes nothing

    response = client.post(url)
    assert response.status_code == 200 and "Unsubscribed" in response.content.decode()
    reader.refresh_from_db()
    assert reader.alert_settings.frequency == Frequency.NEVER
    publish(parent=city("utrecht"), title="Bicycle parking", themes=[theme("sustainable-mobility")])
    call_command("send_digests")
    assert mail.outbox == []
    assert Follow.objects.filter(user=reader).exists()  # kept, to turn the emails on again


def test_a_mail_programs_one_click_unsubscribe_needs_no_form():
    reader = member("reader@example.org")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/en/following/unsubscribe/{token_for(reader)}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.alert_settings.frequency == Frequency.NEVER


def test_a_tampered_unsubscribe_link_is_refused(client):
    reader = member("reader@example.org")
    other = member("other@example.org")
    token = token_for(reader)
    forged = token.replace(token.split(":")[0], token_for(other).split(":")[0], 1)
    for bad in (forged, token[:-2] + "xx", "nonsense"):
        response = client.post(f"/en/following/unsubscribe/{bad}/")
        assert response.status_code == 400
        assert "This unsubscribe link does not work" in response.content.decode()
    assert not Digest.objects.exists()
    for user in (reader, other):
        user.refresh_from_db()
        assert not hasattr(user, "alert_settings") or user.alert_settings.frequency != "never"
