"""Browser tests: the system's Chromium (Debian's `chromium` package), driven by Playwright,
against the test suite's live server. One browser serves the whole session; each test gets a
fresh page. Without Chromium they are skipped, except in CI, where scripts/test installs it."""

import os

import pytest
from django.db import connection
from wagtail.models import Locale

from home.demo import load_demo_content
from tests.conftest import BASELINE
from tests.factories import CaseStudyFactory
from tests.helpers import city, theme

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# Every browser test commits, so that the live server's thread sees its data; the database is
# emptied after each and the platform's structure restored before the next (tests/conftest.py).
BROWSER = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.access(CHROMIUM, os.X_OK):
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser tests, but there is {message}")
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM}


@pytest.fixture(scope="session", autouse=True)
def database_next_to_the_browser():
    """Playwright's synchronous API runs an event loop in this thread, which Django takes for
    async code; the tests' own database calls are synchronous all the same."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture
def bare_site(live_server):
    """The platform as a fresh installation has it (languages, home pages, cities, themes, the
    moderation workflow) without any case study, served at the returned address."""
    if not hasattr(connection, "_test_serialized_contents"):
        # Django restores this snapshot before each test in a real transaction, and empties
        # the database after it; the connection a test gets here is not always the one the
        # snapshot was stored on when the database was set up.
        connection._test_serialized_contents = BASELINE["default"]
        if not Locale.objects.exists():
            connection.creation.deserialize_db_from_string(BASELINE["default"])
    return live_server.url


@pytest.fixture
def site(bare_site):
    """The platform with its demo content, served at the returned address."""
    load_demo_content()
    return bare_site


@pytest.fixture
def page(page):
    page.set_default_timeout(10_000)
    return page


def lviv_heating_series():
    """Twelve Ukrainian case studies from Lviv on heating, more than one page of results."""
    lviv = city("lviv", "uk")
    heat = theme("decentralised-energy-planning", "uk")
    for n in range(12):
        CaseStudyFactory(
            parent=lviv,
            title=f"Теплопостачання громади {n + 1}",
            themes=[heat],
            summary="Модернізація теплопостачання мікрорайону.",
            period_start=2010 + n,
        )
