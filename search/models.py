from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import get_language

from .schema import GROUPS


class PendingIndexUpdate(models.Model):
    """A case study (or, by `kind`, a knowledge request) whose Elasticsearch document must be
    rewritten or removed.

    Written in the same transaction as the change, so an update survives an unreachable
    search node and is replayed when it answers again.
    """

    class Kind(models.TextChoices):
        CASE_STUDY = "case_study"
        REQUEST = "request"

    page_id = models.PositiveBigIntegerField(db_index=True)  # or the request's id
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CASE_STUDY)
    queued_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"index update for page {self.page_id}"


class SearchQueryLog(models.Model):
    """One search a visitor made, for the top-queries and zero-results reports."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    query_text = models.CharField(max_length=300, db_index=True)
    language = models.CharField(max_length=10, blank=True)
    filtered = models.BooleanField(default=False)
    result_count = models.PositiveIntegerField()  # found by the words, not the vectors
    engine = models.CharField(max_length=20)

    class Meta:
        verbose_name = "search query"
        verbose_name_plural = "search queries"

    def __str__(self):
        return f"{self.query_text} ({self.result_count} results)"

    @classmethod
    def record(cls, query, results):
        cls.objects.create(
            query_text=query.text.lower()[:300],
            language=get_language() or "",
            filtered=bool(
                query.filters() or query.year_from or query.year_to or query.verified_within
            ),
            result_count=results.found_by_words,
            engine=results.engine,
        )


# What filters, facets and ordering read of each matching row (search/engines/filters.py).
FACET_COLUMNS = [
    "page_id",
    "city",
    "status",
    "locale",
    "period_start",
    "period_end",
    "first_published_at",
    "last_verified",
    "themes",
    "restrictions",
]


class IndexedCaseStudy(models.Model):
    """A live case study as the database engine searches it: its facet values as columns, and
    its text analysed (search/text.py) in one column per group of search/schema.py.

    The full-text index over those columns is the database's own: an FTS5 table kept in step
    by triggers on SQLite, the weighted `vector` (and the `head` of the short groups) with GIN
    indexes on PostgreSQL. Rows are written in the transaction that changes the case study.
    """

    page_id = models.IntegerField(primary_key=True)
    locale = models.CharField(max_length=10)
    city = models.CharField(max_length=255)
    status = models.CharField(max_length=20)
    period_start = models.IntegerField(null=True)
    period_end = models.IntegerField(null=True)
    first_published_at = models.DateTimeField()
    last_verified = models.DateField(null=True)
    themes = models.TextField(blank=True)  # theme slugs, space-separated
    restrictions = models.TextField(blank=True)  # ids of the view restrictions, space-separated
    vector = SearchVectorField(null=True)  # PostgreSQL only
    head = SearchVectorField(null=True)  # PostgreSQL only: the short groups
    # The semantic vector of the case study's passage (search/vectors.py): 384 bytes of int8,
    # or None until the queued task computes it; `passage` identifies the text it was computed
    # from, so that a rewrite of the row keeps a vector whose passage has not changed. Both are
    # nullable: SQLite adds such columns in place, where it would rebuild the table (and lose
    # the full-text index's triggers) for a column with a default.
    passage = models.CharField(max_length=32, null=True)  # noqa: DJ001 (see above)
    embedding = models.BinaryField(null=True)

    class Meta:
        verbose_name = "indexed case study"
        # Covers what a search reads of every match (FACET_COLUMNS), so it does not read
        # the rows with their long text columns.
        indexes = [models.Index(fields=FACET_COLUMNS, name="search_facets")]

    def __str__(self):
        return f"index row of page {self.page_id}"


for _group in GROUPS:
    models.TextField(blank=True).contribute_to_class(IndexedCaseStudy, _group.name)


class IndexedRequest(models.Model):
    """A knowledge request (exchange) with its answers, as the database engine searches it: what
    its filters and facets read as columns, its words analysed (search/text.py) in `title` and
    `text` (the question and every answer).

    The full-text index over them is the database's own, as for case studies: an FTS5 table
    kept in step by triggers on SQLite, the weighted `vector` with a GIN index on PostgreSQL
    (see the migration). Rows are written in the transaction that changes the request or an
    answer; merged requests have none."""

    request_id = models.IntegerField(primary_key=True)
    language = models.CharField(max_length=10)
    public = models.BooleanField()
    themes = models.TextField(blank=True)  # theme slugs, space-separated
    cities = models.TextField(blank=True)  # slugs of the cities asked; none: every city
    asked_at = models.DateTimeField()
    title = models.TextField(blank=True)
    text = models.TextField(blank=True)
    vector = SearchVectorField(null=True)  # PostgreSQL only

    class Meta:
        verbose_name = "indexed knowledge request"

    def __str__(self):
        return f"index row of request {self.request_id}"
