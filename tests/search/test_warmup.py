"""A server process reads what searches need before it serves (search/warmup.py): its first
search does not wait for the glossary, the theme and city names or the stored vectors, and a
database not migrated yet does not stop it from starting."""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning import names
from learning.models import GlossaryTerm, Theme
from search import glossary, vector_index
from search.warmup import warm
from tests.factories import CaseStudyFactory
from tests.helpers import city, theme
from tests.search.test_glossary import concept
from tests.search.test_views import html
from tests.search_engines import sync_index

pytestmark = pytest.mark.django_db


def test_the_first_search_after_the_warm_up_reads_no_glossary_names_or_vectors(client, settings):
    settings.SEARCH_VECTORS = "on"
    concept(
        "decentralised-energy-planning",
        ["district heating"],
        ["централізоване теплопостачання"],
        ["stadsverwarming"],
        ["ciepłownictwo systemowe"],
    )
    CaseStudyFactory(
        parent=city("utrecht", "nl"),
        title="Stadsverwarming voor naoorlogse flats",
        themes=[theme("decentralised-energy-planning", "nl")],
        summary="Een warmtenet op lage temperatuur.",
    )
    sync_index()
    glossary.clear()
    names.rows.changed()
    vector_index.changed()
    warm()
    with CaptureQueriesContext(connection) as queries:
        page = html(client.get("/uk/search/?q=централізоване+теплопостачання"))
    assert "<mark>Stadsverwarming</mark> voor naoorlogse flats" in page
    assert '<span lang="nl">stadsverwarming</span> (nl)' in page
    read = " ".join(query["sql"] for query in queries.captured_queries)
    for model in (GlossaryTerm, Theme):
        assert f'FROM "{model._meta.db_table}"' not in read, model.__name__
    assert '"embedding" IS NOT NULL' not in read  # the stored vectors (vector_index.matrix)


def test_a_server_starts_before_its_database_is_migrated(caplog):
    glossary.clear()
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "{GlossaryTerm._meta.db_table}" RENAME TO not_migrated_yet')
    with caplog.at_level(logging.WARNING, logger="search.warmup"):
        warm()
    assert "The search was not warmed up" in caplog.text
