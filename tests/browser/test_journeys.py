"""Journeys through the platform, each as one person (or a few) takes it in the browser: the
data is set up directly, everything after that is clicked and typed, and what the person sees
is asserted."""

import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from django.core import mail
from playwright.sync_api import expect
from wagtail.models import Locale

from learning.models import Theme
from members.models import Role
from tests.factories import PASSWORD, CaseStudyFactory, MemberFactory
from tests.helpers import city, theme, totp_code

from .conftest import BROWSER, DESKTOP, lviv_heating_series

pytestmark = BROWSER
TOTP_PERIOD = mfa_settings.TOTP_PERIOD


@pytest.fixture
def site(bare_site):
    """A fresh installation, without the demo content: each journey brings what it needs (and
    starts the sooner)."""
    return bare_site


def sign_in(page, site, user, language="en", then=""):
    """Signs `user` in with allauth's form, as typed; `then` is where the form leads."""
    page.goto(f"{site}/{language}/accounts/login/" + (f"?next={then}" if then else ""))
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")


def give_the_code(page, user):
    """Types the code of `user`'s authenticator app at the two-factor step."""
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    # A code shown in the last moment of its period would reach the server in the next one.
    left = TOTP_PERIOD - time.time() % TOTP_PERIOD
    if left < 1:
        time.sleep(left)
    page.locator("#id_code").fill(totp_code(user))
    page.locator("#id_code").press("Enter")


@pytest.fixture
def browser_of(new_context):
    """Another person's browser: a page in a context of its own (cookies, session), in the same
    Chromium."""

    def open_page():
        page = new_context(viewport=DESKTOP).new_page()
        page.set_default_timeout(10_000)
        return page

    return open_page


def open_footer_actions(page):
    """Opens the menu of more actions next to the page editor's main button."""
    page.locator("footer .w-dropdown__toggle").click()


def languages(page):
    return page.locator("nav.languages")


def test_a_visitor_switches_a_case_study_to_its_translation_or_is_told_there_is_none(site, page):
    english = CaseStudyFactory(
        parent=city("lviv"),
        title="Heat pumps for schools",
        themes=[theme("energy-efficiency")],
        summary="Schools heated by heat pumps.",
    )
    ukrainian = english.copy_for_translation(Locale.objects.get(language_code="uk"))
    ukrainian.title = "Теплові насоси для шкіл"
    ukrainian.summary = "Школи, які опалюють тепловими насосами."
    ukrainian.themes = [theme("energy-efficiency", "uk")]
    ukrainian.save_revision().publish()
    untranslated = CaseStudyFactory(
        parent=city("gdansk"), title="Night buses", themes=[theme("sustainable-mobility")]
    )

    page.set_viewport_size(DESKTOP)
    page.goto(site + english.url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    languages(page).get_by_role("link", name="Українська").click()
    expect(page).to_have_url(re.compile(r"/uk/cities/lviv/"))
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.locator("h1")).to_have_text("Теплові насоси для шкіл")
    expect(page).to_have_title(re.compile("^Теплові насоси для шкіл"))
    expect(languages(page).locator("[aria-current]")).to_have_text("Українська")

    # Not in Polish: the page stays, and says in Polish which languages it is in.
    languages(page).get_by_role("link", name="Polski").click()
    expect(page).to_have_url(re.compile(re.escape(ukrainian.url) + r"\?language=pl$"))
    expect(page.locator("h1")).to_have_text("Теплові насоси для шкіл")
    expect(page.locator("p.notice[lang=pl]")).to_have_text(
        "Ta strona nie ma tłumaczenia na polski; istnieje w językach: angielski, ukraiński."
    )

    page.goto(site + untranslated.url)
    languages(page).get_by_role("link", name="Polski").click()
    expect(page).to_have_url(re.compile(re.escape(untranslated.url) + r"\?language=pl$"))
    expect(page.locator("h1")).to_have_text("Night buses")
    expect(page.locator("p.notice[lang=pl]")).to_have_text(
        "Ta strona nie ma tłumaczenia; język oryginału: angielski."
    )


def test_a_mariupol_member_finds_a_case_study_in_ukrainian_and_bookmarks_it(site, page):
    member = MemberFactory(role=Role.MEMBER, city="mariupol")
    lviv_heating_series()
    page.set_viewport_size(DESKTOP)
    sign_in(page, site, member, "uk")
    expect(page.locator("h1")).to_have_text("Ваш обліковий запис")

    box = page.locator(".header-search input")
    box.fill("теплопостачання")
    box.press("Enter")
    expect(page.locator("#results-heading")).to_contain_text("результат")
    page.locator(".facets").get_by_label(re.compile("Львів")).check()
    page.get_by_role("button", name="Застосувати фільтри").click()
    expect(page).to_have_url(re.compile(r"city=lviv"))
    expect(page.locator(".active-filters")).to_contain_text("Львів")
    page.get_by_role("link", name="Наступна").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator(".pagination")).to_contain_text("Сторінка 2 з")

    link = page.locator("article.result h3 a").first
    title = link.inner_text().strip("…").strip()
    link.click()
    expect(page.locator("h1")).to_contain_text(title)
    page.get_by_role("button", name="До закладок").click()
    expect(page.locator("form.bookmark button")).to_have_attribute("aria-pressed", "true")

    page.get_by_role("link", name="Ваш обліковий запис").click()
    page.get_by_role("link", name="Ваші закладки").click()
    expect(page.locator("h1")).to_have_text("Ваші закладки")
    expect(page.locator("main").get_by_role("link", name=title)).to_be_visible()


def test_a_case_study_goes_through_moderation_to_the_search(site, page, browser_of):
    expert = MemberFactory(role=Role.EXPERT, city="utrecht")
    moderator = MemberFactory(role=Role.MODERATOR, city="gdansk")
    title = "Rain gardens in every street"

    # The expert writes the case study under their city and submits it.
    page.set_viewport_size(DESKTOP)
    sign_in(page, site, expert, then="/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.get_by_role("button", name="Pages", exact=True).click()  # the page explorer
    explorer = page.locator(".sidebar")
    explorer.get_by_role("link", name=re.compile("^Mariupol Reborn learning platform")).click()
    page.get_by_role("link", name="Explore child pages of 'Cities'").click()
    page.get_by_role("link", name="Add a child page to 'Utrecht'").click()
    expect(page.get_by_role("heading", name="New: Case study")).to_be_attached()
    page.get_by_placeholder("Page title*").fill(title)
    page.get_by_role("textbox", name="Summary*").fill("Streets that soak up the rain.")
    page.get_by_role("checkbox", name="Waste management").check()
    page.get_by_role("spinbutton", name="Start year*").fill("2019")
    page.get_by_role("combobox", name="Status*").select_option(label="Ongoing")
    open_footer_actions(page)
    page.get_by_role("button", name="Submit to Case study review").click()
    row = page.locator("tr", has_text=title)
    expect(row).to_contain_text("In Moderation", ignore_case=True)

    # Not public yet.
    visitor = browser_of()
    visitor.goto(site + "/en/search/?q=rain+gardens")
    expect(visitor.locator("#results-heading")).to_have_text("0 results")

    # The moderator signs in with their code, finds it on their dashboard, asks for changes.
    reviewer = browser_of()
    sign_in(reviewer, site, moderator, then="/admin/")
    give_the_code(reviewer, moderator)
    reviewer.get_by_role("link", name=title).first.click()
    open_footer_actions(reviewer)
    reviewer.get_by_role("button", name="Request changes").click()
    dialog = reviewer.get_by_role("dialog")
    dialog.get_by_role("textbox", name="Comment").fill("Please say what the rain gardens cost.")
    dialog.get_by_role("button", name="Request changes").click()
    expect(reviewer.locator("tr", has_text=title)).to_contain_text("Draft", ignore_case=True)

    # The expert reads the comment (in the editor and by email), edits and resubmits.
    told = [m for m in mail.outbox if expert.email in m.to]
    assert any("Please say what the rain gardens cost." in m.body for m in told), told
    page.get_by_role("link", name=title).click()
    page.get_by_role("button", name="Toggle status").click()
    page.get_by_role("button", name="View details").click()
    expect(page.get_by_role("dialog")).to_contain_text("Please say what the rain gardens cost.")
    page.keyboard.press("Escape")
    page.get_by_role("textbox", name="Summary*").fill(
        "Streets that soak up the rain, for 40 euros a square metre."
    )
    open_footer_actions(page)
    page.get_by_role("button", name="Resubmit to Moderator review").click()
    expect(row).to_contain_text("In Moderation", ignore_case=True)

    # The moderator approves, which publishes it.
    reviewer.get_by_role("link", name="Dashboard").click()
    reviewer.get_by_role("link", name=title).first.click()
    open_footer_actions(reviewer)
    reviewer.get_by_role("button", name="Approve and Publish").click()
    expect(reviewer.locator("tr", has_text=title)).to_contain_text("Live", ignore_case=True)

    # A visitor finds it.
    visitor.goto(site + "/en/")
    visitor.locator(".header-search input").fill("rain gardens")
    visitor.locator(".header-search input").press("Enter")
    expect(visitor.locator("#results-heading")).to_have_text("1 result")
    visitor.locator("article.result").get_by_role("link", name=title).click()
    expect(visitor).to_have_url(re.compile(r"/en/cities/utrecht/rain-gardens-in-every-street/$"))
    expect(visitor.locator("h1")).to_have_text(title)
    expect(visitor.locator("main")).to_contain_text("for 40 euros a square metre")


def test_a_coordinator_invites_a_member_who_signs_up_into_the_city(site, page, browser_of):
    coordinator = MemberFactory(role=Role.COORDINATOR, city="lviv")
    page.set_viewport_size(DESKTOP)
    sign_in(page, site, coordinator, then="/admin/")
    page.get_by_role("link", name="City members").click()
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("Email address").fill("olena@example.org")
    page.get_by_label("City").select_option(label="Lviv")
    page.get_by_label("Role").select_option(label="Member")
    page.get_by_label("Language of the invitation").select_option(label="English")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("An invitation is on its way to olena@example.org.")).to_be_visible()

    (invitation,) = [m for m in mail.outbox if m.to == ["olena@example.org"]]
    assert "Lviv" in invitation.subject
    # The email links to the platform's public address; the test server has another.
    link = re.search(r"https?://[^/\s]+(/\S+/accounts/invitation/\S+)", invitation.body).group(1)

    invited = browser_of()
    invited.goto(site + link)
    expect(invited.locator("h1")).to_have_text("Join the platform")
    expect(invited.locator("main")).to_contain_text("You are invited to join Lviv as Member")
    expect(invited.get_by_label("Email")).to_have_value("olena@example.org")
    invited.get_by_label("First name").fill("Olena")
    invited.get_by_label("Last name").fill("Shevchenko")
    invited.locator("#id_password1").fill(PASSWORD)
    invited.locator("#id_password2").fill(PASSWORD)
    invited.get_by_role("button", name="Create account").click()
    expect(invited.locator("h1")).to_have_text("Your account")
    expect(invited.locator("main")).to_contain_text("Member · Lviv")
    invited.get_by_role("link", name="Experts directory").click()
    expect(invited).to_have_url(re.compile(r"/en/experts/$"))

    page.reload()  # the coordinator sees the new member in the city's list
    expect(page.locator("tr", has_text="olena@example.org")).to_contain_text("Active")


def test_a_retired_theme_leaves_the_theme_pages_and_the_search_filters(site, page):
    moderator = MemberFactory(role=Role.MODERATOR, city="gdansk")
    CaseStudyFactory(
        parent=city("utrecht"),
        title="Sorting bins in every courtyard",
        themes=[theme("waste-management"), theme("energy-efficiency")],
    )
    names = dict(
        Theme.objects.filter(slug="waste-management").values_list("locale__language_code", "name")
    )
    page.set_viewport_size(DESKTOP)

    def theme_pages_list_it():
        listed = {}
        for code, name in names.items():
            page.goto(f"{site}/{code}/themes/")
            expect(page.locator("h1")).to_be_visible()
            listed[code] = page.locator(".theme-list").get_by_role("link", name=name).count()
        return listed

    def search_filters():
        page.goto(site + "/en/")
        page.locator(".header-search input").fill("sorting bins")
        page.locator(".header-search input").press("Enter")
        expect(page.locator("#results-heading")).to_have_text("1 result")
        return page.locator(".facets input[name=theme]").evaluate_all(
            "boxes => boxes.map(b => b.value)"
        )

    assert theme_pages_list_it() == {"en": 1, "uk": 1, "nl": 1, "pl": 1}
    assert search_filters() == ["energy-efficiency", "waste-management"]

    sign_in(page, site, moderator, then="/admin/")
    give_the_code(page, moderator)
    page.get_by_role("link", name="Themes").click()
    page.get_by_role("link", name="Waste management", exact=True).click()
    active = page.get_by_role("checkbox", name="Active")
    expect(active).to_be_checked()
    active.uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("'Waste management' updated.")).to_be_visible()

    assert theme_pages_list_it() == {"en": 0, "uk": 0, "nl": 0, "pl": 0}
    assert search_filters() == ["energy-efficiency"]


def test_a_moderator_cannot_sign_in_without_the_code_by_any_form(site, page):
    moderator = MemberFactory(role=Role.MODERATOR, city="gdansk")
    page.set_viewport_size(DESKTOP)

    def password_leads_to_the_code_step():
        page.locator("#id_login").fill(moderator.email)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("#id_password").press("Enter")
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
        expect(page.locator("h1")).to_have_text("Two-Factor Authentication")
        # Going round it to the editing area leads back to it.
        page.goto(site + "/admin/")
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
        page.get_by_role("button", name="Cancel").click()  # back to the start, signed out
        expect(page).to_have_url(re.compile(r"/accounts/login/"))

    # allauth's form, Wagtail's admin sign-in and Django's (Wagtail's, for private pages): each
    # is allauth's form, and each ends at the code step.
    for address in ["/en/accounts/login/", "/admin/login/", "/en/_util/login/"]:
        page.goto(site + address)
        expect(page).to_have_url(re.compile(r"/en/accounts/login/"))
        password_leads_to_the_code_step()

    page.locator("#id_login").fill(moderator.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.locator("#id_code").fill("000000")
    page.locator("#id_code").press("Enter")
    expect(page.locator("main")).to_contain_text("Incorrect code")
    give_the_code(page, moderator)
    expect(page.locator("h1")).to_have_text("Your account")
    page.get_by_role("link", name="Editing area").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("link", name="City members")).to_be_visible()
