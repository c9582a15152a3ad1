"""With the page cache on, repeat visits cost no queries, and publishing shows at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from members.models import Role
from tests.factories import CaseStudyFactory, MemberFactory
from tests.helpers import city, members_only, theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached_client(settings):
    settings.MIDDLEWARE = [
        "django.middleware.cache.UpdateCacheMiddleware",
        *settings.MIDDLEWARE,
        "django.middleware.cache.FetchFromCacheMiddleware",
    ]
    settings.CACHE_MIDDLEWARE_ALIAS = "pages"
    settings.CACHE_MIDDLEWARE_SECONDS = 300
    return Client()


def test_cached_page_is_served_without_queries_and_refreshed_on_publish(cached_client):
    page = CaseStudyFactory(
        parent=city("gdansk"), title="Green roofs", themes=[theme("integrated-urban-planning")]
    )
    assert "Green roofs" in cached_client.get(page.url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert "Green roofs" in cached_client.get(page.url).content.decode()
    assert len(queries) == 0

    page.title = "Green roofs on bus shelters"
    page.save_revision().publish()
    assert "Green roofs on bus shelters" in cached_client.get(page.url).content.decode()


def test_members_only_pages_are_not_shared_between_visitors(cached_client, django_user_model):
    page = CaseStudyFactory(
        parent=city("gdansk"), title="Internal plan", themes=[theme("waste-management")]
    )
    members_only(page)
    member = Client()
    member.force_login(MemberFactory(role=Role.MEMBER, city="mariupol"))
    assert member.get(page.url).status_code == 200
    assert cached_client.get(page.url).status_code == 302  # to the login page
