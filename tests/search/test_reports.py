import re
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


@pytest.fixture
def logged():
    for _ in range(3):
        log("district heating", 7)
    log("tram depots", 0)
    log("tram depots", 0)
    log("flood barriers", 0, days_ago=40)


def rows(page):
    """The report table's rows, as lists of cell texts."""
    table = page.split("<tbody>")[1].split("</tbody>")[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", table)
    ]


def test_top_searches_of_the_period_most_searched_first(admin_client, logged):
    page = admin_client.get("/admin/reports/search-queries/").content.decode()  # 30 days
    assert rows(page) == [["district heating", "3", "7"], ["tram depots", "2", "0"]]
    assert "5 searches in the last 30 days" in page
    older = admin_client.get("/admin/reports/search-queries/?days=90").content.decode()
    assert ["flood barriers", "1", "0"] in rows(older)
    assert "6 searches in the last 90 days" in older


def test_searches_without_results_of_the_period(admin_client, logged):
    page = admin_client.get("/admin/reports/searches-without-results/").content.decode()
    assert rows(page) == [["tram depots", "2", "Turn this into a request"]]
    older = admin_client.get("/admin/reports/searches-without-results/?days=365").content
    assert [row[0] for row in rows(older.decode())] == ["tram depots", "flood barriers"]


def test_the_reports_export_to_csv_and_xlsx(admin_client, logged):
    csv = admin_client.get("/admin/reports/search-queries/?days=90&export=csv")
    assert csv["Content-Type"].startswith("text/csv")
    lines = b"".join(csv.streaming_content).decode().splitlines()
    assert lines == [
        "Search,Times,Average results",
        "district heating,3,7.0",
        "tram depots,2,0.0",
        "flood barriers,1,0.0",
    ]
    xlsx = admin_client.get("/admin/reports/searches-without-results/?export=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")


def test_an_unknown_period_shows_the_filter_error_not_a_crash(admin_client, logged):
    response = admin_client.get("/admin/reports/search-queries/?days=12")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_report_is_for_those_allowed_to_see_it(client, django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("editor@example.org", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    for address in ("search-queries", "searches-without-results"):
        assert client.get(f"/admin/reports/{address}/").status_code in (302, 403)
        assert client.get(f"/admin/reports/{address}/?export=csv").status_code in (302, 403)
    menu = client.get("/admin/").content.decode()
    assert "Search queries" not in menu and "Searches without results" not in menu


def test_both_reports_are_in_the_reports_menu(admin_client):
    menu = admin_client.get("/admin/").content.decode()
    assert "/admin/reports/search-queries/" in menu
    assert "/admin/reports/searches-without-results/" in menu
