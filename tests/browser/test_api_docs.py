"""The API page: the OpenAPI description rendered in the browser, under the site's CSP."""

from playwright.sync_api import expect

from .conftest import BROWSER

pytestmark = BROWSER


def test_the_api_page_shows_the_search_and_requests_endpoints(site, page):
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(site + "/api/docs/")
    expect(page.get_by_text("/api/v2/search/").first).to_be_visible()
    page.get_by_text("/api/v2/search/").first.click()
    expect(page.get_by_text("glossary", exact=True).first).to_be_visible()
    expect(page.get_by_text("/api/v2/requests/{id}/answers/").first).to_be_visible()
    expect(page.get_by_text("Ask the partner cities (signed-in approved members)")).to_be_visible()
    assert not [m for m in refused if "script" in m], refused
