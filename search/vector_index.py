"""The semantic vectors in the database index (IndexedCaseStudy.embedding): computing the missing
ones after commit, and each process's matrix of them for finding the nearest case studies.

A row is written without a vector in the transaction that changes its case study (embedding a
passage takes about 70 ms, too long for the request that saves a page); the queued task
(search/tasks.py) then fills every missing vector, in batches, and queues the Elasticsearch
documents of those case studies again so that they carry it too.
"""

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from django.db import transaction

from learning.kept import Kept

from . import database_index, vectors
from .documents import documents_for, indexable_case_studies
from .models import IndexedCaseStudy, PendingIndexUpdate

BATCH = 64  # case studies read, embedded and written at a time
PRIOR = 1  # case studies: see Matrix.centres


def missing_count():
    return IndexedCaseStudy.objects.filter(embedding__isnull=True).count()


def fill_missing(progress=None, elasticsearch=False):
    """Computes the vector of every row that lacks one, BATCH at a time, each batch in its own
    transaction; with `elasticsearch`, queues those case studies' documents again. Returns how
    many were computed; `progress(done, total)` is called after each batch."""
    total, done, last = missing_count(), 0, 0
    # Forward through the page ids, so that a row left without a vector (its case study
    # changed meanwhile, or is no longer live) waits for the next run instead of coming back.
    while ids := list(
        IndexedCaseStudy.objects.filter(embedding__isnull=True, page_id__gt=last)
        .order_by("page_id")
        .values_list("page_id", flat=True)[:BATCH]
    ):
        last = ids[-1]
        documents = documents_for(indexable_case_studies().filter(pk__in=ids))
        embedded = vectors.embed_passages(database_index.passage(d) for d in documents)
        with transaction.atomic():
            for document, vector in zip(documents, embedded, strict=True):
                # Only if the passage is still the one embedded.
                IndexedCaseStudy.objects.filter(
                    page_id=document["page_id"], passage=database_index.passage_key(document)
                ).update(embedding=vectors.to_bytes(vector))
            if elasticsearch:
                PendingIndexUpdate.objects.bulk_create(
                    [PendingIndexUpdate(page_id=d["page_id"]) for d in documents]
                )
        changed()
        done += len(documents)
        if progress:
            progress(done, max(total, done))
    return done


def changed():
    """Makes every process read the vectors again."""
    _matrix.changed()


@dataclass
class Matrix:
    """The stored vectors of one version: page ids in order, each row's language (an index
    into `languages`), and the unit vectors as float32 rows."""

    ids: np.ndarray
    language: np.ndarray
    languages: tuple
    vectors: np.ndarray

    def rows_of(self, page_ids):
        """The positions of these page ids among the rows; ids without a vector are left out."""
        wanted = np.fromiter(page_ids, dtype=np.int64)
        at = np.searchsorted(self.ids, wanted)
        at = np.minimum(at, max(len(self.ids) - 1, 0))
        return at[self.ids[at] == wanted] if len(self.ids) else at[:0]

    def vector_of(self, page_id):
        rows = self.rows_of([page_id])
        return self.vectors[rows[0]] if len(rows) else None

    def scores(self, query_vector, centred=False):
        """Every row's cosine with a unit query vector; `centred`: less the mean cosine of
        the rows in its language (`centres`)."""
        query_vector = np.asarray(query_vector, dtype=np.float32)
        scores = self.vectors @ query_vector
        if centred and len(scores):
            scores = scores - (self.centres @ query_vector)[self.language]
        return scores

    @cached_property
    def centres(self):
        """Per language, the mean of its rows' vectors: a query's mean cosine with the rows of
        a language is its cosine with this mean. e5 ranks a query's own language higher
        across the board, and subtracting that mean takes the offset out. Each is drawn
        towards the mean of all rows by PRIOR rows: a language of a few case studies has no
        mean to speak of (one is its own mean)."""
        counts = np.bincount(self.language, minlength=len(self.languages))[:, None]
        sums = np.zeros((len(self.languages), vectors.DIM), dtype=np.float32)
        np.add.at(sums, self.language, self.vectors)
        overall = self.vectors.mean(axis=0) if len(self.vectors) else sums.sum(axis=0)
        return (sums + PRIOR * overall) / (counts + PRIOR)

    def centre(self, query_vector, language):
        """The mean cosine of a query with the rows in `language` (0 for one with none)."""
        if language not in self.languages:
            return 0.0
        centre = self.centres[self.languages.index(language)]
        return float(centre @ np.asarray(query_vector, dtype=np.float32))

    def best(self, scores, among, k):
        """(page id, score) of the k best-scoring rows of the page ids `among`, best first."""
        rows = self.rows_of(among)
        top, values = vectors.top(scores[rows], k)
        return [(int(self.ids[rows[i]]), float(v)) for i, v in zip(top, values, strict=True)]


def matrix():
    """The stored vectors, read once per process and again when the task writes new ones
    (learning/kept.py): 10,000 vectors are 4 MB to read and 15 MB in memory."""
    return _matrix.get()


def _read():
    rows = IndexedCaseStudy.objects.filter(embedding__isnull=False).order_by("page_id")
    ids, locales, blobs = [], [], []
    for pk, locale, blob in rows.values_list("page_id", "locale", "embedding").iterator(2000):
        ids.append(pk)
        locales.append(locale)
        blobs.append(bytes(blob))
    languages = tuple(sorted(set(locales)))
    return Matrix(
        ids=np.array(ids, dtype=np.int64),
        language=np.array([languages.index(code) for code in locales], dtype=np.intp),
        languages=languages,
        vectors=vectors.from_bytes(*blobs),
    )


_matrix = Kept("search:vectors", _read)
