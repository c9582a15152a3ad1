"""Saved searches, followed themes and cities, and the email digests of new matches: what a
member saves and follows, which publications reach whom, the digest's content, language and
rhythm, and unsubscribing from an email."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.http import QueryDict
from django.test import Client
from wagtail.models import PageViewRestriction

from alerts.models import Follow, Frequency, NewMatch, SavedSearch
from learning.models import CaseStudyPage
from members.models import Membership, Role
from members.roles import MODERATORS_GROUP

from .helpers import add_case_study, city, theme
from .people import PASSWORD, person

pytestmark = pytest.mark.django_db

HEAT_PUMPS = {
    "summary": "Schools heated by heat pumps instead of gas boilers.",
    "body": [("paragraph", "<p>Ground-source heat pumps in twelve schools.</p>")],
}


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publishes a new case study as an editor does, and lets the transaction commit: the
    matching task runs then (the tests' task backend runs tasks at once)."""

    def publish(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return add_case_study(*args, **kwargs)

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


def member(email, city_slug="mariupol", language="en", **extra):
    user = person(Role.MEMBER, city_slug, email=email, **extra)
    user.language = language
    user.save(update_fields=["language"])
    return user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


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
    waiting = person(Role.MEMBER, "lviv", status=Membership.Status.PENDING)
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

    publish(city("utrecht"), "Heat pumps for schools", [theme("energy-efficiency")], **HEAT_PUMPS)

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
    publish(city("utrecht"), "Heat pumps for schools", [theme("energy-efficiency")], **HEAT_PUMPS)
    assert {how for _title, how in matched(reader)} == {"Dutch plural", "English form", "phrase"}


def test_the_publishing_request_only_queues_the_matching(django_capture_on_commit_callbacks):
    reader = member("reader@example.org")
    follow(reader, "city", "utrecht")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        add_case_study(city("utrecht"), "Bicycle parking", [theme("sustainable-mobility")])
        assert not NewMatch.objects.exists()  # nothing matched while publishing
    assert callbacks  # the task is queued once the publication commits
    for callback in callbacks:
        callback()
    assert matched(reader) == {("Bicycle parking", "utrecht")}


def test_a_case_study_only_some_may_see_reaches_only_them(publish):
    reader = member("reader@example.org")
    moderator = person(Role.MODERATOR, "utrecht", email="moderator@example.org")
    for user in (reader, moderator):
        follow(user, "city", "lviv")
    lviv = for_moderators(city("lviv"))

    publish(lviv, "Rubble recycling", [theme("waste-management")])
    assert matched(reader) == set()
    assert matched(moderator) == {("Rubble recycling", "lviv")}


def test_members_who_left_or_turned_emails_off_get_no_matches(publish):
    gone = member("gone@example.org")
    quiet = member("quiet@example.org")
    for user in (gone, quiet):
        follow(user, "city", "utrecht")
    Membership.objects.filter(user=gone).update(status=Membership.Status.REMOVED)
    gone.groups.clear()
    signed_in(quiet).post("/en/following/settings/", {"frequency": "never", "language": "en"})
    publish(city("utrecht"), "Bicycle parking", [theme("sustainable-mobility")])
    assert not NewMatch.objects.exists()


# --- the digest --------------------------------------------------------------------------


def test_emails_are_written_in_the_language_a_member_signed_up_in(client):
    client.post(
        "/pl/accounts/signup/",
        {
            "email": "nowy@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "first_name": "Jan",
            "last_name": "Nowak",
            "city": city("mariupol").pk,
        },
    )
    assert get_user_model().objects.get(email="nowy@example.org").language == "pl"
