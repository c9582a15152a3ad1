"""The search page as its visitors use it: on a phone the results come before the filters,
keyboard users skip the filters, and a Ukrainian search is filtered, paged and followed."""

import re

from playwright.sync_api import expect

from .conftest import BROWSER, DESKTOP, PHONE, lviv_heating_series

pytestmark = BROWSER


def test_on_a_phone_the_count_and_results_come_before_the_folded_filters(site, page):
    page.set_viewport_size(PHONE)
    page.goto(site + "/en/search/?q=heating")
    count = page.locator("#results-heading")
    first_result = page.locator("article.result").first
    expect(first_result).to_be_visible()
    checkboxes = page.locator(".facets input[type=checkbox]")
    expect(checkboxes.first).to_be_hidden()
    assert count.bounding_box()["y"] < first_result.bounding_box()["y"] < PHONE["height"]

    page.get_by_text("Filters", exact=True).click()
    expect(checkboxes.first).to_be_visible()


def test_keyboard_users_skip_the_filters_to_the_results(site, page):
    page.set_viewport_size(DESKTOP)
    page.goto(site + "/en/search/?q=heating")
    expect(page.locator(".facets input[type=checkbox]").first).to_be_visible()
    page.locator("form.search-box button").focus()
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to results")
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.evaluate("e => e.closest('#results') !== null && e.type !== 'checkbox'")


def test_a_visitor_searches_in_ukrainian_filters_by_city_pages_through_and_reads(site, page):
    lviv_heating_series()
    page.set_viewport_size(DESKTOP)
    page.goto(site + "/uk/")
    box = page.locator(".header-search input")
    box.press_sequentially("теплопост")  # the header's box suggests titles as one types
    expect(page.locator("#header-suggestions option").first).to_have_attribute(
        "value", re.compile("Теплопостачання громади")
    )
    box.fill("теплопостачання")
    box.press("Enter")
    expect(page.locator("#results-heading")).to_contain_text("результат")

    page.locator(".facets").get_by_label(re.compile("Львів")).check()
    page.get_by_role("button", name="Застосувати фільтри").click()
    expect(page).to_have_url(re.compile(r"city=lviv"))
    count = page.locator("#results-heading").inner_text()
    assert int(count.split()[0]) >= 12, count
    expect(page.locator("article.result")).to_have_count(10)
    expect(page.locator(".active-filters")).to_contain_text("Львів")

    page.get_by_role("link", name="Наступна").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator(".pagination")).to_contain_text("Сторінка 2 з")
    link = page.locator("article.result h3 a").first
    title = link.inner_text().strip("…").strip()

    link.click()
    expect(page).to_have_url(re.compile(r"/cities/lviv/"))
    expect(page.locator("h1")).to_contain_text(title)
