from datetime import timedelta

import pytest
from django.utils import timezone

from search.models import SearchQueryLog

pytestmark = pytest.mark.django_db


def log(text, results, days_ago=0):
    entry = SearchQueryLog.objects.create(query_text=text, result_count=results, engine="database")
    SearchQueryLog.objects.filter(pk=entry.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )


def test_report_lists_top_and_zero_result_queries_for_the_period(admin_client):
    for _ in range(3):
        log("district heating", 7)
    log("tram depots", 0)
    log("tram depots", 0)
    log("flood barriers", 0, days_ago=40)

    page = admin_client.get("/admin/reports/search-queries/?days=30").content.decode()
    zero = page.split("Searches without results")[1].split("Top searches")[0]
    top = page.split("Top searches")[1]
    assert "tram depots" in zero and "district heating" not in zero
    assert "flood barriers" not in page  # older than the period
    assert top.index("district heating") < top.index("tram depots")
    assert "5 searches in the last 30 days" in page

    older = admin_client.get("/admin/reports/search-queries/?days=90").content.decode()
    assert "flood barriers" in older


def test_report_is_for_those_allowed_to_see_it(client, django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("editor@example.org", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get("/admin/reports/search-queries/")
    assert response.status_code in (302, 403)
    assert "Search queries" not in client.get("/admin/").content.decode()
