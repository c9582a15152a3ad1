"""Keeping the Elasticsearch index true: it follows every change, survives an outage, rebuilds
without downtime, and drift is found and repaired."""

import time

import pytest
from django.core.management import CommandError, call_command
from elasticsearch.helpers import scan
from taggit.models import Tag

from search.documents import plain_text
from search.engines import elastic_index
from search.indexing import check_index, rebuild_index
from search.models import PendingIndexUpdate
from tests.factories import CaseStudyFactory
from tests.helpers import city, members_only, theme
from tests.search_engines import node, sync_index

pytestmark = pytest.mark.django_db


def indexed(es):
    """page id → document, as the index holds them now."""
    es.indices.refresh(index=elastic_index.alias_name())
    return {int(h["_id"]): h["_source"] for h in scan(es, index=elastic_index.alias_name())}


def publish_and_commit(django_capture_on_commit_callbacks, create):
    """Runs `create` and then the after-commit work, as a real request would."""
    with django_capture_on_commit_callbacks(execute=True):
        return create()


def test_index_follows_publish_edit_move_unpublish_and_delete(
    elasticsearch, django_capture_on_commit_callbacks
):
    page = publish_and_commit(
        django_capture_on_commit_callbacks,
        lambda: CaseStudyFactory(
            parent=city("utrecht"),
            title="Heat pumps in schools",
            themes=[theme("energy-efficiency")],
        ),
    )
    assert indexed(elasticsearch)[page.pk]["title"] == "Heat pumps in schools"

    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Heat pumps in all schools"
        page.save_revision().publish()
    assert indexed(elasticsearch)[page.pk]["title"] == "Heat pumps in all schools"

    with django_capture_on_commit_callbacks(execute=True):
        page.move(city("gdansk"), pos="last-child")
    assert indexed(elasticsearch)[page.pk]["city"] == "gdansk"

    with django_capture_on_commit_callbacks(execute=True):
        page.refresh_from_db()
        page.unpublish()
    assert page.pk not in indexed(elasticsearch)

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert page.pk in indexed(elasticsearch)
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert page.pk not in indexed(elasticsearch)
    assert not PendingIndexUpdate.objects.exists()


def test_theme_rename_and_tag_rename_reach_the_index(
    elasticsearch, django_capture_on_commit_callbacks
):
    mobility = theme("sustainable-mobility")
    page = publish_and_commit(
        django_capture_on_commit_callbacks,
        lambda: CaseStudyFactory(
            parent=city("lviv"), title="Electric buses", themes=[mobility], tags=["bus"]
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        mobility.name = "Clean mobility"
        mobility.save()
        tag = Tag.objects.get(name="bus")
        tag.name = "buses"
        tag.save()
    document = indexed(elasticsearch)[page.pk]
    assert document["theme_names"] == ["Clean mobility"]
    assert document["tag_names"] == ["buses"]


@pytest.mark.node_outage
def test_outage_saving_still_works_and_queued_updates_are_replayed(
    elasticsearch, client, django_capture_on_commit_callbacks
):
    rubble = publish_and_commit(
        django_capture_on_commit_callbacks,
        lambda: CaseStudyFactory(
            parent=city("lviv"), title="Recycling rubble", themes=[theme("waste-management")]
        ),
    )
    node("pause")
    try:
        shelters = publish_and_commit(
            django_capture_on_commit_callbacks,
            lambda: CaseStudyFactory(
                parent=city("warsaw"),
                title="Shelter inventory",
                themes=[theme("safety-security-resilience")],
            ),
        )
        with django_capture_on_commit_callbacks(execute=True):
            rubble.unpublish()
        assert shelters.live  # nothing the editor saved is lost
        assert PendingIndexUpdate.objects.count() == 2
        first = PendingIndexUpdate.objects.first()  # the later one did not wait for the node
        assert first.attempts == 1 and first.last_error

        response = client.get("/en/search/?q=shelter")  # the database answers meanwhile
        assert response.status_code == 200
        page = response.content.decode()
        assert "1 result" in page and "simpler mode" in page
    finally:
        node("resume")

    call_command("apply_search_updates")
    assert not PendingIndexUpdate.objects.exists()
    assert set(indexed(elasticsearch)) == {shelters.pk}
    assert check_index().clean


@pytest.mark.node_outage
def test_a_hung_node_is_waited_for_once_then_left_alone_until_it_answers(
    elasticsearch, client, settings, django_capture_on_commit_callbacks
):
    settings.ELASTICSEARCH_COOL_OFF = 2
    CaseStudyFactory(
        parent=city("lviv"), title="Shelter inventory", themes=[theme("safety-security-resilience")]
    )
    sync_index()
    node("pause")
    try:
        assert "simpler mode" in client.get("/en/search/?q=shelter").content.decode()
        started = time.monotonic()
        for _ in range(3):  # searches and a publish after the failure: nobody waits
            assert "simpler mode" in client.get("/en/search/?q=shelter").content.decode()
        publish_and_commit(
            django_capture_on_commit_callbacks,
            lambda: CaseStudyFactory(
                parent=city("gdansk"), title="Shelter map", themes=[theme("energy-efficiency")]
            ),
        )
        assert time.monotonic() - started < settings.ELASTICSEARCH_TIMEOUT
        assert client.get("/en/search/?q=shelter").content.decode().count("Shelter") >= 2
    finally:
        node("resume")
    time.sleep(settings.ELASTICSEARCH_COOL_OFF)  # then the next search asks the node again
    assert "simpler mode" not in client.get("/en/search/?q=shelter").content.decode()


def test_rebuild_swaps_the_alias_without_downtime_and_leaves_no_old_index(elasticsearch):
    pages = [
        CaseStudyFactory(
            parent=city("gdansk"), title=f"Tram line {n}", themes=[theme("sustainable-mobility")]
        )
        for n in range(3)
    ]
    sync_index()
    before = set(elasticsearch.indices.get_alias(name=elastic_index.alias_name()))
    answers_during_rebuild = []

    def search_while_rebuilding(done, total):
        from django.test import Client

        answers_during_rebuild.append(Client().get("/api/v2/search/?q=tram").json()["total"])

    assert rebuild_index(progress=search_while_rebuilding) == 3
    assert answers_during_rebuild == [3]  # the old index kept answering
    after = set(elasticsearch.indices.get_alias(name=elastic_index.alias_name()))
    assert len(after) == 1 and after != before
    assert not elasticsearch.indices.exists(index=list(before))
    assert set(indexed(elasticsearch)) == {p.pk for p in pages}


def test_rebuild_in_several_batches_indexes_every_case_study_exactly(elasticsearch, monkeypatch):
    monkeypatch.setattr("search.indexing.BATCH_SIZE", 2)  # 5 case studies: batches of 2, 2, 1
    pages = [
        CaseStudyFactory(
            parent=city("lviv"), title=f"Heat pumps {n}", themes=[theme("energy-efficiency")]
        )
        for n in range(5)
    ]
    reported = []

    assert rebuild_index(progress=lambda done, total: reported.append((done, total))) == 5
    assert reported == [(2, 5), (4, 5), (5, 5)]
    assert set(indexed(elasticsearch)) == {p.pk for p in pages}
    assert check_index().clean  # each document is what the database says now


def test_drift_is_reported_and_repaired(elasticsearch, capsys):
    kept, changed, lost = (
        CaseStudyFactory(parent=city("utrecht"), title=title, themes=[theme("waste-management")])
        for title in ("Kept", "Changed", "Lost")
    )
    sync_index()
    es, alias = elasticsearch, elastic_index.alias_name()
    es.delete(index=alias, id=lost.pk, refresh=True)
    es.update(index=alias, id=changed.pk, doc={"title": "Outdated"}, refresh=True)
    es.index(index=alias, id=999999, document={"page_id": 999999, "title": "Ghost"}, refresh=True)

    with pytest.raises(CommandError, match="Elasticsearch index differ"):
        call_command("check_search_index")
    report = capsys.readouterr().out
    assert f"missing: 1 (page ids [{lost.pk}])" in report
    assert f"stale: 1 (page ids [{changed.pk}])" in report
    assert "extra: 1 (page ids [999999])" in report

    call_command("check_search_index", "--fix")
    call_command("check_search_index")
    assert "The indexes match the case studies." in capsys.readouterr().out
    assert indexed(es)[changed.pk]["title"] == "Changed"
    assert set(indexed(es)) == {kept.pk, changed.pk, lost.pk}


def test_rich_text_becomes_separate_readable_words():
    # Adjacent paragraphs must not run together into one unsearchable word.
    assert plain_text("<p>Heat &amp; power</p><p>pumps <b>in</b> schools</p>") == (
        "Heat & power pumps in schools"
    )


def test_a_stale_index_shows_nothing_the_visitor_may_not_see_now(elasticsearch, client):
    gone = CaseStudyFactory(
        parent=city("lviv"), title="Rubble recycling plant", themes=[theme("waste-management")]
    )
    secret = CaseStudyFactory(
        parent=city("lviv"), title="Rubble in shelters", themes=[theme("waste-management")]
    )
    kept = CaseStudyFactory(
        parent=city("lviv"), title="Rubble roads", themes=[theme("waste-management")]
    )
    sync_index()
    gone.unpublish()
    members_only(secret)
    assert PendingIndexUpdate.objects.exists()  # not applied yet: the index still has both
    page = client.get("/en/search/", {"q": "rubble"}).content.decode()
    found = client.get("/api/v2/search/", {"q": "rubble"}).json()["results"]
    suggested = client.get("/en/search/suggest/", {"q": "rubble"}).json()["suggestions"]
    assert kept.url in page and [r["id"] for r in found] == [kept.pk]
    assert [s["title"] for s in suggested] == ["Rubble roads"]
    assert gone.url not in page and secret.url not in page


def test_an_index_made_by_an_older_version_is_named_with_the_fix(elasticsearch):
    """An index whose mapping lacks the language fields (made before them) still answers, but
    without word forms: the check says so and names the command that puts it right."""
    es, alias = elasticsearch, elastic_index.alias_name()
    CaseStudyFactory(
        parent=city("utrecht"), title="Warmtepompen in scholen", themes=[theme("energy-efficiency")]
    )
    sync_index()
    mapping = elastic_index.CaseStudyDocument._doc_type.mapping.to_dict()
    for name in elastic_index.LANGUAGE_FIELDS:
        del mapping["properties"][name]
    old = "test-index-of-an-older-version"
    elastic_index.delete_quietly(es, old)
    es.indices.create(index=old, mappings=mapping)
    current = list(es.indices.get_alias(name=alias))
    es.indices.update_aliases(
        actions=[{"remove": {"index": i, "alias": alias}} for i in current]
        + [{"add": {"index": old, "alias": alias}}]
    )

    with pytest.raises(CommandError, match=r"older version .*body_en.*rebuild_search_index"):
        call_command("check_search_index")

    call_command("rebuild_search_index")
    call_command("check_search_index")
    assert not es.indices.exists(index=old)
