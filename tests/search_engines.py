"""Running tests against each search engine: the database always, Elasticsearch when a test
node runs (scripts/elasticsearch start; scripts/test starts one itself)."""

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache

from search import vectors
from search.engines import elastic_index
from search.indexing import apply_pending_updates, elasticsearch_enabled
from search.vector_index import fill_missing

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "elasticsearch"


def elasticsearch_test_url():
    url = os.environ.get("ELASTICSEARCH_TEST_URL")
    if not url:
        message = "no Elasticsearch test node (ELASTICSEARCH_TEST_URL unset; needs Java and Maven)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the Elasticsearch tests, but there is {message}")
        pytest.skip(message)
    return url


def use_elasticsearch(settings):
    """Points the platform at the test node, with an index of its own for this test."""
    settings.ELASTICSEARCH_URL = elasticsearch_test_url()
    settings.ELASTICSEARCH_INDEX = f"test-case-studies-{uuid.uuid4().hex[:12]}"
    elastic_index.client.cache_clear()
    cache.clear()


def drop_test_index(settings):
    es = elastic_index.client()
    alias = settings.ELASTICSEARCH_INDEX
    for index in es.indices.get(index=f"{alias}-*", allow_no_indices=True):
        es.indices.delete(index=index)
    elastic_index.client.cache_clear()


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, settings):
    """Runs a test once per engine; `sync_index()` makes the index catch up where there is one."""
    if request.param == "elasticsearch":
        use_elasticsearch(settings)
        yield request.param
        drop_test_index(settings)
    else:
        yield request.param


@pytest.fixture
def elasticsearch(settings):
    use_elasticsearch(settings)
    yield elastic_index.client()
    drop_test_index(settings)


def sync_index():
    """What the background task does after commit (search/tasks.py); tests run inside a
    transaction that never commits, so they apply the queued updates themselves."""
    if vectors.available():
        fill_missing(elasticsearch=elasticsearch_enabled())
    if elasticsearch_enabled():
        apply_pending_updates()


def node(action):
    """Pauses or resumes the test node (scripts/elasticsearch pause|resume)."""
    port = os.environ["ELASTICSEARCH_TEST_URL"].rsplit(":", 1)[1]
    subprocess.run(
        [str(SCRIPT), action], check=True, env={**os.environ, "ELASTICSEARCH_TEST_PORT": port}
    )
