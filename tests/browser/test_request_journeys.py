"""Journeys through knowledge requests, freshness and what a member follows, in the browser:
the data is set up directly, everything after that is clicked and typed."""

import re
from datetime import date

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from exchange import services
from exchange.models import KnowledgeRequest
from learning.models import CaseStudyPage
from members.models import ExpertProfile, Role
from search.models import SearchQueryLog
from tests.factories import CaseStudyFactory, MemberFactory
from tests.helpers import city, theme

from .conftest import BROWSER, DESKTOP
from .test_journeys import give_the_code, sign_in

pytestmark = BROWSER


@pytest.fixture
def site(bare_site):
    """A fresh installation without the demo content: each journey brings what it needs."""
    return bare_site


@pytest.fixture
def browser_of(new_context):
    """Another person's browser, in a context (cookies, session) of its own."""

    def open_page():
        page = new_context(viewport=DESKTOP).new_page()
        page.set_default_timeout(10_000)
        return page

    return open_page


def an_expert(city_slug, theme_slugs, role=Role.EXPERT):
    user = MemberFactory(role=role, city=city_slug)
    profile = ExpertProfile.objects.create(user=user)
    profile.themes.set([theme(slug) for slug in theme_slugs])
    return user


def test_a_member_asks_an_expert_answers_and_the_member_closes_the_request(site, page, browser_of):
    member = MemberFactory(role=Role.MEMBER, city="mariupol")
    expert = an_expert("utrecht", ["sustainable-mobility"])
    detours = CaseStudyFactory(
        parent=city("utrecht"), title="Bicycle detours", themes=[theme("sustainable-mobility")]
    )
    page.set_viewport_size(DESKTOP)

    # The member asks, members-only, from the questions page.
    sign_in(page, site, member)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Questions").click()
    page.get_by_role("link", name="Ask a question").click()
    page.get_by_label("Question").fill("How do you keep cyclists safe around building sites?")
    page.get_by_label("What you need and why").fill(
        "Mariupol rebuilds its main streets one by one."
    )
    page.get_by_role("checkbox", name="Sustainable mobility").check()
    page.get_by_role("checkbox", name="Utrecht").check()
    page.get_by_role("button", name="Ask", exact=True).click()
    expect(page.locator("h1")).to_have_text("How do you keep cyclists safe around building sites?")
    expect(page.locator("main")).to_contain_text("For the experts of: Utrecht")
    expect(page.locator("main")).to_contain_text("members only")

    # The expert is emailed, and finds it on their account page.
    (email,) = [m for m in mail.outbox if m.to == [expert.email]]
    assert "How do you keep cyclists safe" in email.subject
    answering = browser_of()
    sign_in(answering, site, expert)
    questions = answering.locator("section.requests-for-you")
    expect(questions).to_contain_text("Questions for you")
    questions.get_by_role(
        "link", name="How do you keep cyclists safe around building sites?"
    ).click()
    answering.get_by_label("Your answer").fill(
        f"Plan each detour with the contractor: {site}{detours.url}\n\nLight it, too."
    )
    answering.get_by_role("button", name="Send the answer").click()
    expect(answering.locator(".messages")).to_contain_text("your answer is on the request's page")
    expect(answering.locator("article.answer")).to_contain_text("Light it, too.")

    # A visitor does not see the members-only question.
    visitor = browser_of()
    visitor.goto(site + "/en/requests/")
    expect(visitor.locator("main")).to_contain_text("No open questions.")

    # The member reads the answer, follows its link, marks it helpful and closes the request.
    page.reload()
    answer = page.locator("article.answer")
    expect(answer.get_by_role("link", name="Bicycle detours")).to_have_attribute(
        "href", detours.url
    )
    answer.get_by_role("button", name="Mark as helpful").click()
    expect(page.locator("article.answer")).to_contain_text("Helpful")
    page.get_by_role("button", name="Close the request").click()
    expect(page.locator(".messages")).to_contain_text("The request is closed.")
    expect(page.locator("main")).to_contain_text("Closed by the asker")
    expect(page.get_by_role("button", name="Close the request")).to_have_count(0)

    answering.goto(site + "/en/accounts/me/")
    expect(answering.locator("section.requests-for-you")).to_contain_text(
        "No open questions for you."
    )


def test_a_member_finds_a_question_and_its_answer_in_the_search(site, page, browser_of):
    member = MemberFactory(role=Role.MEMBER, city="mariupol")
    waste = theme("waste-management")
    CaseStudyFactory(
        parent=city("lviv", "uk"), title="Сортування відходів у Львові", themes=[waste]
    )
    asked = services.ask(
        member,
        title="Як організувати роздільний збір відходів у багатоповерхівках?",
        body="Маріуполь відбудовує житлові квартали: скільки контейнерів ставити біля під'їздів?",
        language="uk",
        themes=[waste],
        cities=[city("warsaw")],
    )
    services.answer(
        an_expert("warsaw", ["waste-management"]),
        asked,
        text="Pojemniki na pięć frakcji stoją w altanach przy każdym budynku wielorodzinnym.",
    )
    page.set_viewport_size(DESKTOP)

    # The member searches: the question comes beside the case study, with its answer's words.
    sign_in(page, site, member)
    page.goto(site + "/en/search/")
    page.get_by_label("Search for").fill("pojemniki")
    page.get_by_role("button", name="Search", exact=True).click()
    questions = page.locator("section.requests-found")
    expect(questions).to_contain_text("1 question to the partner cities")
    expect(questions.locator("mark")).to_have_text("Pojemniki")
    page.get_by_label("Search for").fill("відходів")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("section.requests-found")).to_contain_text("роздільний збір відходів")

    # Only the questions, by the kind filter; then to the question's page.
    page.get_by_role("checkbox", name="Questions to the partner cities").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("article.result")).to_have_count(1)
    expect(page.locator("article.result-request")).to_contain_text("Question")
    page.locator("article.result-request").get_by_role("link").click()
    expect(page.locator("article.answer")).to_contain_text("Pojemniki na pięć frakcji")

    # The question is for members only: a visitor's search does not show it.
    visitor = browser_of()
    visitor.goto(site + "/en/search/?q=відходів")
    expect(visitor.locator("article.result")).to_have_count(1)
    expect(visitor.locator("section.requests-found")).to_have_count(0)


def test_an_expert_turns_an_answer_into_a_case_study_that_goes_to_review(site, page):
    member = MemberFactory(role=Role.MEMBER, city="mariupol")
    expert = an_expert("utrecht", ["sustainable-mobility"])
    asked = KnowledgeRequest.objects.create(
        asker=member, title="Temporary tram stops?", body="During the works.", public=True
    )
    asked.themes.set([theme("sustainable-mobility")])
    page.set_viewport_size(DESKTOP)
    sign_in(page, site, expert, then=f"/en/requests/{asked.pk}/")
    page.get_by_label("Your answer").fill("Wooden platforms, moved every six months.")
    page.get_by_role("button", name="Send the answer").click()
    page.get_by_role("button", name="Turn into a draft case study").click()

    # The editor, with the draft pre-filled in the expert's city.
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    expect(page.get_by_placeholder("Page title*")).to_have_value("Temporary tram stops?")
    expect(page.get_by_role("textbox", name="Summary*")).to_have_value(
        "Wooden platforms, moved every six months."
    )
    expect(page.get_by_role("checkbox", name="Sustainable mobility")).to_be_checked()
    page.get_by_role("spinbutton", name="Start year*").fill("2021")
    page.locator("footer .w-dropdown__toggle").click()
    page.get_by_role("button", name="Submit to Case study review").click()
    expect(page.locator("tr", has_text="Temporary tram stops?")).to_contain_text(
        "In Moderation", ignore_case=True
    )
    draft = CaseStudyPage.objects.get(title="Temporary tram stops?")
    assert not draft.live and draft.workflow_in_progress
    assert draft.get_parent().slug == "utrecht"

    # Back on the request, the answer leads to the draft.
    page.goto(f"{site}/en/requests/{asked.pk}/")
    expect(page.get_by_role("link", name="Edit the draft case study made of it")).to_be_visible()


def test_a_moderator_turns_a_search_without_results_into_a_request_and_merges_a_duplicate(
    site, page
):
    moderator = MemberFactory(role=Role.MODERATOR, city="gdansk")
    SearchQueryLog.objects.create(query_text="tram depots", result_count=0, engine="database")
    earlier = KnowledgeRequest.objects.create(
        asker=MemberFactory(role=Role.MEMBER, city="mariupol"),
        title="Where to put tram depots?",
        body="Space?",
    )
    earlier.themes.set([theme("sustainable-mobility")])
    page.set_viewport_size(DESKTOP)
    sign_in(page, site, moderator, then="/admin/reports/searches-without-results/")
    give_the_code(page, moderator)
    page.get_by_role("link", name="Turn this into a request").click()
    expect(page.get_by_label("Question")).to_have_value("tram depots")
    page.get_by_label("What you need and why").fill("Members keep searching for it.")
    page.get_by_role("checkbox", name="Sustainable mobility").check()
    page.get_by_role("button", name="Ask", exact=True).click()
    expect(page.locator("h1")).to_have_text("tram depots")
    asked = KnowledgeRequest.objects.get(title="tram depots")

    # It duplicates an earlier request: the moderator merges it in the editing area.
    page.goto(site + "/admin/knowledge_requests/")
    row = page.locator("tr", has_text="tram depots").filter(has_not_text="Where to put")
    row.get_by_role("button", name="More options").click()
    row.get_by_role("link", name="Merge into another request").click()
    page.get_by_label("Merge into").select_option(label="Where to put tram depots?")
    page.get_by_role("button", name="Merge").click()
    expect(page.locator(".messages")).to_contain_text("is merged into “Where to put tram depots?”")
    page.goto(f"{site}/en/requests/{asked.pk}/")
    expect(page.locator("h1")).to_have_text("Where to put tram depots?")

    # And closes the earlier one as stale.
    page.goto(site + "/admin/knowledge_requests/")
    row = page.locator("tr", has_text="Where to put tram depots?")
    row.get_by_role("button", name="More options").click()
    row.get_by_role("link", name="Close as stale").click()
    page.get_by_role("button", name="Close as stale").click()
    expect(page.locator(".messages")).to_contain_text("is closed as stale")
    earlier.refresh_from_db()
    assert earlier.status == KnowledgeRequest.Status.STALE


def test_an_expert_confirms_a_stale_case_study_is_still_accurate(site, page):
    expert = MemberFactory(role=Role.EXPERT, city="utrecht")
    stale = CaseStudyFactory(
        parent=city("utrecht"),
        title="Bicycle parking at the station",
        themes=[theme("sustainable-mobility")],
        last_verified=date(2020, 5, 4),
    )
    page.set_viewport_size(DESKTOP)
    sign_in(page, site, expert)
    checks = page.locator("section.to-check")
    expect(checks).to_contain_text("Case studies to check")
    item = checks.locator("li", has_text="Bicycle parking at the station")
    expect(item).to_contain_text("Last verified on May 4, 2020")
    item.get_by_role("button", name="Still accurate").click()
    expect(page.locator("section.to-check")).to_contain_text("Nothing to check")
    page.goto(site + stale.url)
    expect(page.locator("main")).to_contain_text(
        f"Last verified on {date_format(timezone.localdate())}"
    )


def test_a_member_saves_a_search_follows_a_theme_and_stops_both(site, page):
    member = MemberFactory(role=Role.MEMBER, city="mariupol")
    CaseStudyFactory(
        parent=city("lviv"),
        title="Heat pumps for schools",
        themes=[theme("energy-efficiency")],
        summary="Schools heated by heat pumps.",
    )
    page.set_viewport_size(DESKTOP)
    sign_in(page, site, member)
    page.locator(".header-search input").fill("heat pumps")
    page.locator(".header-search input").press("Enter")
    expect(page.locator("#results-heading")).to_have_text("1 result")
    page.get_by_label("Name of the search").fill("Heat pumps")
    page.get_by_role("button", name="Save this search").click()
    expect(page.locator(".messages")).to_contain_text("Search saved as “Heat pumps”")
    expect(page.locator(".save-search")).to_contain_text("Saved as “Heat pumps”.")

    page.goto(site + "/en/themes/energy-efficiency/")
    page.get_by_role("button", name="Follow this theme").click()
    expect(page.get_by_role("button", name="Following this theme: stop")).to_be_visible()

    page.get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="What you follow").click()
    searches = page.locator("section", has=page.locator("#searches-heading"))
    themes = page.locator("section", has=page.locator("#themes-heading"))
    expect(searches.get_by_role("link", name="Heat pumps")).to_be_visible()
    expect(themes.get_by_role("link", name="Energy efficiency")).to_be_visible()

    searches.get_by_role("button", name="Remove the saved search “Heat pumps”").click()
    expect(page.locator(".messages")).to_contain_text("The saved search is removed.")
    expect(searches).to_contain_text("No saved searches yet.")
    themes.get_by_role("button", name="Stop following the theme Energy efficiency").click()
    expect(themes).to_contain_text("You follow no theme.")
