"""The database's own full-text index over search.models.IndexedCaseStudy: FTS5 on SQLite, a
weighted tsvector with GIN indexes on PostgreSQL. Both take a TextQuery and answer with page
ids; filters, facets and visibility are applied in Python (engines/filters.py)."""

import json
import re
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import BooleanField, F, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from ..glossary import one_term
from ..models import FACET_COLUMNS, IndexedCaseStudy, IndexedRequest
from ..schema import GROUPS, REQUEST_WEIGHTS
from ..text import fold, lemma, query_forms, query_words

SHORT = [group.name for group in GROUPS if group.short]
# What the search of knowledge requests reads of each match, with its score (higher is better)
REQUEST_COLUMNS = ["request_id", "language", "public", "themes", "cities", "asked_at"]
# The FACET_COLUMNS that only ordering and the filter on verification read
DATES = ("first_published_at", "last_verified")


@dataclass(frozen=True)
class TextQuery:
    """What a search text asks the index: each word with the forms it may take, each quoted
    phrase with its variants (as typed, and in dictionary forms). A document matches every
    phrase and at least one word, or one of the glossary's names of a concept the text names
    (search/glossary.py)."""

    terms: tuple  # per word: its index terms
    phrases: tuple  # per phrase: its variants, each a tuple of index terms
    expansions: tuple = ()  # per glossary name: its variants, like a phrase's

    @classmethod
    def of(cls, query):
        """The TextQuery of a SearchQuery, or None when its text holds no word."""
        phrases = tuple(_variants(phrase) for phrase in query.phrases)
        phrases = tuple(variants for variants in phrases if variants[0])
        terms = cls.of_words(query_words(" ".join(query.terms)))
        if not (terms or phrases):
            return None
        expansions = tuple(term.variants for e in query.expansions for term in e.terms)
        return cls(terms.terms if terms else (), phrases, tuple(dict.fromkeys(expansions)))

    def typed(self):
        """The words and phrases typed, without the glossary's names."""
        return replace(self, expansions=())

    def expanded(self):
        """The glossary's names alone, or None when the text names no concept."""
        return TextQuery((), (), self.expansions) if self.expansions else None

    @classmethod
    def of_words(cls, words):
        """The TextQuery of lowered words (text.query_words), or None if there are none."""
        terms = tuple(tuple(query_forms(word)) for word in words)
        return cls(terms, ()) if terms else None

    @property
    def keys(self):
        """Every index term of the query, to mark in highlights."""
        keys = {form for forms in self.terms for form in forms}
        for variants in self.phrases + self.expansions:
            keys.update(term for v in variants for term in v)
        return keys


def _variants(phrase):
    typed = tuple(query_words(phrase))
    lemmatised = (tuple(lemma(w, code) for w in typed) for code, _ in settings.LANGUAGES)
    return tuple(dict.fromkeys([tuple(fold(w) for w in typed), *lemmatised]))


def index():
    return PostgresIndex() if connection.vendor == "postgresql" else SqliteIndex()


class SqliteIndex:
    """FTS5, ranked by bm25 with the groups' weights: lower is better."""

    TABLE = IndexedCaseStudy._meta.db_table
    WEIGHTS = ", ".join(str(group.weight) for group in GROUPS)

    @staticmethod
    def _columns(dates):
        """FACET_COLUMNS as a search reads them: the dates as text (ISO, ordered like the
        dates; converting thousands costs more than the search, on PostgreSQL too), or NULL
        unless `dates` (see PostgresIndex.matching)."""
        return ", ".join(
            (f"CAST(d.{c} AS TEXT)" if dates else "NULL") if c in DATES else f"d.{c}"
            for c in FACET_COLUMNS
        )

    @staticmethod
    def searching():
        """The context for a search's statements: nothing to set on SQLite."""
        return nullcontext()

    def matching(self, text, dates):
        sql = f"SELECT {self._columns(dates)} FROM {self.TABLE} d INDEXED BY search_facets"
        if text is None:
            return self._rows(sql, [])
        sql += " WHERE d.page_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
        return self._rows(sql, [self.expression(text)])

    def rows_of(self, ids, dates):
        """The facet columns of these page ids, as `matching` reads them."""
        sql = (
            f"SELECT {self._columns(dates)} FROM {self.TABLE} d "
            "WHERE d.page_id IN (SELECT value FROM json_each(%s))"
        )
        return self._rows(sql, [json.dumps(list(ids))])

    def matched_by(self, texts, page_id):
        """The positions in `texts` (TextQuery) of those the case study `page_id` matches,
        as `matching` would find it for each, in one statement. The expressions are checked
        against a copy of the document's row in an FTS5 table of its own, made like the index
        (the same columns and tokenizer, read from the index's definition): in the index,
        each would walk the long lists of documents of its common words."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_fts'")
            tokenizer = re.search(r"tokenize\s*=\s*'([^']*)'", cursor.fetchone()[0])[1]
            columns = ", ".join(group.name for group in GROUPS)
            cursor.execute("DROP TABLE IF EXISTS temp.search_fts_one")
            cursor.execute(
                f"CREATE VIRTUAL TABLE temp.search_fts_one USING fts5({columns}, "
                f"tokenize='{tokenizer}')"
            )
            try:
                cursor.execute(
                    f"INSERT INTO temp.search_fts_one(rowid, {columns}) "
                    f"SELECT page_id, {columns} FROM {self.TABLE} WHERE page_id = %s",
                    [page_id],
                )
                cursor.execute(
                    "SELECT CAST(j.key AS INTEGER) FROM json_each(%s) AS j "
                    "CROSS JOIN temp.search_fts_one WHERE search_fts_one MATCH j.value",
                    [json.dumps([self.expression(text) for text in texts])],
                )
                return {position for (position,) in cursor.fetchall()}
            finally:
                cursor.execute("DROP TABLE temp.search_fts_one")

    def ranked(self, text, only, limit, short=False):
        """(page id, score) of the best `limit` matches, among the ids `only` if given."""
        sql = (
            f"SELECT d.page_id, -bm25(search_fts, {self.WEIGHTS}) AS score "
            f"FROM search_fts JOIN {self.TABLE} d ON d.page_id = search_fts.rowid "
            "WHERE search_fts MATCH %s"
        )
        params = [self.expression(text, SHORT if short else None)]
        if only is not None:
            # "+": checked on each match, not looked up in the index once per id (many times
            # slower for a long list)
            sql += " AND +search_fts.rowid IN (SELECT value FROM json_each(%s))"
            params.append(json.dumps(only))
        sql += " ORDER BY score DESC, d.first_published_at DESC LIMIT %s"
        return self._rows(sql, [*params, limit])

    def titles_starting(self, text, prefix, limit):
        """(page id, restrictions) of titles with the words of `text` and a word starting
        with `prefix`, best first."""
        parts = [self._term(forms) for forms in text.terms] if text else []
        if prefix:
            parts.append(f'"{prefix}"*')
        sql = (
            f"SELECT d.page_id, d.restrictions FROM search_fts JOIN {self.TABLE} d "
            "ON d.page_id = search_fts.rowid WHERE search_fts MATCH %s "
            f"ORDER BY bm25(search_fts, {self.WEIGHTS}) LIMIT %s"
        )
        return self._rows(sql, ["{title} : (" + " AND ".join(parts) + ")", limit])

    def requests(self, text):
        """REQUEST_COLUMNS and the score of the knowledge requests matching `text`, or of all
        (scored 0) when it is None."""
        table = IndexedRequest._meta.db_table
        columns = ", ".join(
            f"CAST(d.{c} AS TEXT)" if c == "asked_at" else f"d.{c}" for c in REQUEST_COLUMNS
        )
        if text is None:
            return self._rows(f"SELECT {columns}, 0 FROM {table} d", [])
        weights = ", ".join(str(weight) for weight in REQUEST_WEIGHTS.values())
        sql = (
            f"SELECT {columns}, -bm25(search_requests_fts, {weights}) FROM search_requests_fts "
            f"JOIN {table} d ON d.request_id = search_requests_fts.rowid "
            "WHERE search_requests_fts MATCH %s"
        )
        return self._rows(sql, [self.expression(text)])

    @classmethod
    def expression(cls, text, columns=None):
        """The FTS5 query: tokens are quoted, so nothing a user types is FTS5 syntax."""
        parts = [cls._phrase(variants) for variants in text.phrases]
        if text.terms:
            parts.append("(" + " OR ".join(cls._term(forms) for forms in text.terms) + ")")
        either = [f"({' AND '.join(parts)})"] if parts else []
        expression = " OR ".join(either + [cls._phrase(v) for v in text.expansions])
        return "{" + " ".join(columns) + "} : (" + expression + ")" if columns else expression

    @staticmethod
    def _phrase(variants):
        return "(" + " OR ".join('"' + " ".join(v) + '"' for v in variants) + ")"

    @staticmethod
    def _term(forms):
        return "(" + " OR ".join(f'"{form}"' for form in forms) + ")"

    @staticmethod
    def _rows(sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


class PostgresIndex:
    """A tsvector weighted A–D by group, ranked by ts_rank (divided by 1 + the log of the
    length): on the judged corpus it ranks better than ts_rank_cd (nDCG@10 0.951 against
    0.939), which favours long texts where the lemmas repeat every word."""

    # ts_rank's weights for D, C, B and A, from the groups' weights
    WEIGHTS = [group.weight / GROUPS[0].weight for group in reversed(GROUPS)]

    @staticmethod
    @contextmanager
    def searching():
        """One transaction for a search's statements, in which the planner takes the GIN
        indexes: otherwise, for a common word, it reads every row's vector, several times
        slower (`energy audits` ranked on the whole vector: 99 ms, against 16 through the
        index; on the short fields 13 against 8). Set once for all of them: each round trip
        to the database costs a search time."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            yield

    def matching(self, text, dates):
        """FACET_COLUMNS of the rows matching `text`, or of all when it is None; in
        `searching()`. Without `dates`, the dates are None: a search that neither orders nor
        filters by them does without. They come after the long texts in each row, and reading
        them makes reading thousands of matches half as slow again (5,597 matches: 7.3 against
        11.3 ms)."""
        rows = IndexedCaseStudy.objects.all()
        return self._facets(rows.filter(self._matches(text)) if text else rows, dates)

    def rows_of(self, ids, dates):
        """The facet columns of these page ids, as `matching` reads them."""
        return self._facets(IndexedCaseStudy.objects.filter(_among(ids)), dates)

    @staticmethod
    def _facets(rows, dates):
        """FACET_COLUMNS of these rows, the dates as text (or None unless `dates`)."""
        rows = rows.annotate(
            **{
                f"read_{c}": Cast(c, TextField()) if dates else Value(None, TextField())
                for c in DATES
            }
        )
        return list(rows.values_list(*(f"read_{c}" if c in DATES else c for c in FACET_COLUMNS)))

    def matched_by(self, texts, page_id):
        """The positions in `texts` (TextQuery) of those the case study `page_id` matches,
        as `matching` would find it for each, in one statement."""
        sql = (
            f"SELECT q.position - 1 FROM {IndexedCaseStudy._meta.db_table} d "
            "CROSS JOIN unnest(%s::text[]) WITH ORDINALITY AS q(expression, position) "
            "WHERE d.page_id = %s AND d.vector @@ to_tsquery('simple', q.expression)"
        )
        expressions = [self._expression(text) for text in texts]
        with connection.cursor() as cursor:
            cursor.execute(sql, [expressions, page_id])
            return {position for (position,) in cursor.fetchall()}

    def holding(self, phrases):
        """Page ids of the case studies and ids of the knowledge requests whose texts hold one
        of these glossary names (tuples of index terms), as a phrase or as one term."""
        query = SearchQuery(
            " | ".join(f"{self._phrase([phrase])} | '{one_term(phrase)}'" for phrase in phrases),
            search_type="raw",
            config="simple",
        )
        return (
            list(IndexedCaseStudy.objects.filter(vector=query).values_list("page_id", flat=True)),
            list(IndexedRequest.objects.filter(vector=query).values_list("request_id", flat=True)),
        )

    def ranked(self, text, only, limit, short=False):
        field = "head" if short else "vector"
        query = self._query(text)
        rows = IndexedCaseStudy.objects.filter(**{field: query})
        if only is not None:
            rows = rows.filter(_among(only))
        rank = SearchRank(F(field), query, weights=self.WEIGHTS, normalization=Value(1))
        rows = rows.annotate(score=rank).order_by("-score", "-first_published_at")
        return list(rows.values_list("page_id", "score")[:limit])

    def requests(self, text):
        """REQUEST_COLUMNS and the score of the knowledge requests matching `text`, or of all
        (scored 0) when it is None."""
        rows = IndexedRequest.objects.annotate(asked=Cast("asked_at", TextField()))
        columns = ["asked" if c == "asked_at" else c for c in REQUEST_COLUMNS]
        if text is None:
            return [(*row, 0.0) for row in rows.values_list(*columns)]
        query = self._query(text)
        title, body = REQUEST_WEIGHTS.values()  # weighted A and D (see the migration)
        rank = SearchRank(
            F("vector"), query, weights=[body / title, 0.0, 0.0, 1.0], normalization=Value(1)
        )
        rows = rows.filter(vector=query).annotate(score=rank)
        return list(rows.values_list(*columns, "score"))

    def titles_starting(self, text, prefix, limit):
        parts = [self._term(forms, weight="A") for forms in text.terms] if text else []
        if prefix:
            parts.append(f"'{prefix}':*A")
        query = SearchQuery(" & ".join(parts), search_type="raw", config="simple")
        rows = IndexedCaseStudy.objects.filter(head=query)
        rank = SearchRank(F("head"), query, weights=self.WEIGHTS)
        rows = rows.annotate(score=rank).order_by("-score")
        return list(rows.values_list("page_id", "restrictions")[:limit])

    @classmethod
    def _query(cls, text):
        return SearchQuery(cls._expression(text), search_type="raw", config="simple")

    @classmethod
    def _matches(cls, text):
        """`vector @@` the text's tsquery as a filter in two halves, either matching: what the
        GIN index answers alone (words, the glossary's names), and the quoted phrases, whose
        word order PostgreSQL checks by reading each candidate row's vector again. In one
        tsquery, a single phrase had every matching row read again."""
        halves = [
            Q(vector=SearchQuery(half, search_type="raw", config="simple"))
            for half in cls._halves(text)
            if half
        ]
        return halves[0] if len(halves) == 1 else halves[0] | halves[1]

    @classmethod
    def _expression(cls, text):
        """The tsquery, as text."""
        return " | ".join(half for half in cls._halves(text) if half)

    @classmethod
    def _halves(cls, text):
        """The tsquery as text in two parts, either matching: without word order and with it
        (for quoted phrases); either may be empty. The glossary's names are single index
        terms, those of several words too (database_index.indexed)."""
        parts = [cls._phrase(variants) for variants in text.phrases]
        if text.terms:
            parts.append("(" + " | ".join(cls._term(forms) for forms in text.terms) + ")")
        typed = [f"({' & '.join(parts)})"] if parts else []
        names = {one_term(v): None for variants in text.expansions for v in variants}
        unordered = [cls._term(names)] if names else []
        if text.phrases:
            return " | ".join(unordered), " | ".join(typed)
        return " | ".join(typed + unordered), ""

    @staticmethod
    def _phrase(variants):
        return (
            "(" + " | ".join("(" + " <-> ".join(f"'{t}'" for t in v) + ")" for v in variants) + ")"
        )

    @staticmethod
    def _term(forms, weight=""):
        return "(" + " | ".join(f"'{form}'{':' + weight if weight else ''}" for form in forms) + ")"


def _among(ids):
    """A filter of case studies on these page ids: `page_id = ANY` one array parameter. The
    planner sees how many ids there are: with `IN (SELECT unnest(…))` it guessed 200, and
    for a few matches among 2,400 ids it read each id's row (16 ms where the GIN index takes
    2). The array goes in its text form, which PostgreSQL parses, rather than as a list,
    which psycopg writes out number by number (0.85 ms for 2,400 ids, against 0.15 ms)."""
    return RawSQL(
        f'"{IndexedCaseStudy._meta.db_table}"."page_id" = ANY(%s::int[])',
        ["{" + ",".join(map(str, ids)) + "}"],
        output_field=BooleanField(),
    )
