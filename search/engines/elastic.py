"""The production engine: Elasticsearch through elasticsearch.dsl."""

from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from elasticsearch.dsl import A, Q, Search
from elasticsearch.dsl.query import Query
from elasticsearch.dsl.response import Response

from exchange.models import sees_members_only
from learning.models import CaseStudyPage
from learning.visibility import restrictions_hiding_from

from .. import fusion, glossary, parallel
from ..query import FACETS, RequestResults, SearchHit, SearchQuery, SearchResults
from ..schema import BOOSTS, FACET_FIELDS, GROUPS
from ..text import one_apostrophe
from . import elastic_index, elastic_requests, elastic_vectors
from .fulltext import TextQuery
from .requests import city_counts, most_first, request_hits

HIGHLIGHTED = ("summary", "body")
SUGGEST_BELOW = 5  # look for a spelling suggestion when a search finds fewer results
SHORT_FIELDS = {  # typo tolerance is for them: as written and in each language
    name
    for group in GROUPS
    if group.short
    for field in group.fields
    for name in (
        field,
        *(elastic_index.language_field(field, c) for c in elastic_index.LANGUAGE_ANALYSERS),
    )
}
DESC = {"order": "desc"}
UNFILTERED = "facets"  # the aggregation holding the facets that have no filter of their own


class ElasticsearchEngine:
    name = "elasticsearch"

    def __init__(self) -> None:
        self.es = elastic_index.client()

    def search(self, query: SearchQuery, request: HttpRequest) -> SearchResults:
        hidden = self.hidden(request)
        typos = False
        while True:
            # The kNN request beside the lexical one (search/parallel.py), when the query has
            # a vector; it says which of its case studies the same words match.
            text = self._text_query(query, typos)
            knn = self._knn(query, hidden, text)
            response = self.build(query, hidden, text, deeper=knn is not None).execute()
            matched = _total(response)
            if typos or not query.terms or matched >= SUGGEST_BELOW:
                break
            # Few exact matches: allow typos too. Typo tolerance costs more than the exact
            # search, so the common case, a search that finds enough, does without it.
            typos = True
        nearest = elastic_vectors.nearest(*knn.result()) if knn else None
        ranked = [(hit.page_id, hit.meta.score or 0.0) for hit in response]
        aggregations = response.aggregations.to_dict()
        facets = {facet: self._buckets(aggregations, facet) for facet in FACETS}
        total = matched
        if nearest:  # the words' ranking and the vectors', fused (search/fusion.py)
            window = query.offset + query.page_size
            lexical = [pk for pk, _score in ranked]
            ranked = fusion.fused(lexical, nearest.ranked, window)[query.offset : window]
            facets = {facet: nearest.add_to(facet, counts) for facet, counts in facets.items()}
            total += nearest.added()
        highlights = {hit.page_id: hit.meta.to_dict().get("highlight", {}) for hit in response}
        pages = self._pages([pk for pk, _score in ranked], request)
        hits = [
            SearchHit(
                page=pages[pk],
                score=score,
                highlights={k: list(v) for k, v in highlights.get(pk, {}).items()},
            )
            for pk, score in ranked
            if pk in pages
        ]
        few = query.terms and matched < SUGGEST_BELOW
        suggestion = self._suggestion(query, request) if few else ""
        unmarked = [hit for hit in hits if not hit.highlights]
        if suggestion and unmarked:  # matched only by typo tolerance: mark the likely words
            extra = self._highlights_for([hit.page.pk for hit in unmarked], suggestion)
            for hit in unmarked:
                hit.highlights = {k: list(v) for k, v in extra.get(hit.page.pk, {}).items()}
        return SearchResults(
            query=query,
            hits=hits,
            total=total,
            facets=facets,
            engine=self.name,
            suggestion=suggestion,
            matched=matched if nearest else None,
        )

    def build(
        self,
        query: SearchQuery,
        hidden: list[int],
        text: Query | None = None,
        deeper: bool = False,
    ) -> Search:
        """The Elasticsearch request for a query's words, as an elasticsearch.dsl Search;
        `hidden`: the ids of the view restrictions the requester does not pass (hidden());
        `text`: the query on the words (_text_query), the exact words unless given.
        `deeper`: for fusing with the nearest case studies by vector, the lexical ranking is
        read deeper than the page (fusion.depth)."""
        filters = self._filters(query)
        search = self._base(hidden).query(text or self._text_query(query, typos=False))
        if filters:
            search = search.post_filter(Q("bool", filter=list(filters.values())))
        search = self._facets(search, filters)
        if query.sort == "verified":
            # Indexes made before the field existed have no mapping for it: "unmapped_type"
            never_last: dict[str, Any] = {
                "order": "desc",
                "missing": "_last",
                "unmapped_type": "date",
            }
            search = search.sort(
                {"last_verified": never_last}, {"first_published_at": DESC}, {"page_id": DESC}
            )
        elif query.sort == "newest" or not query.text:
            search = search.sort({"first_published_at": DESC}, {"page_id": DESC})
        else:
            search = search.sort("_score", {"first_published_at": DESC})
        names = [term.text for e in query.expansions for term in e.terms]
        search = self._highlighted(search, query.phrases + names, query.terms)
        search = search.extra(track_total_hits=True, _source=["page_id"])
        if deeper:
            return search[: fusion.depth(query.offset + query.page_size)]
        return search[query.offset : query.offset + query.page_size]

    def _knn(self, query: SearchQuery, hidden: list[int], text: Query) -> Future | None:
        """The kNN request (elastic_vectors.search), started beside the request's thread for
        a query with a vector: a Future of the vector and the responses; None without one."""
        vector = query.vector
        if vector is None or not query.text:
            return None
        filters = self._filters(query)

        def knn() -> tuple:
            embedded = vector.result()
            return embedded, elastic_vectors.search(self.es, embedded, filters, hidden, text)

        return parallel.start(knn)

    @staticmethod
    def _facets(search: Search, filters: dict[str, Query]) -> Search:
        """Facet counts that respect the other facets' filters but not their own. The facets
        without a filter of their own share one aggregation under all the filters (or none);
        each filtered facet gets its own, under the others."""
        shared: Any = search.aggs  # the aggregations, or a bucket of them under the filters
        if filters:
            shared = search.aggs.bucket(UNFILTERED, "filter", Q("bool", filter=[*filters.values()]))
        for facet in FACETS:
            terms = A("terms", field=FACET_FIELDS[facet], size=200)
            if facet in filters:
                others = [f for name, f in filters.items() if name != facet]
                search.aggs.bucket(facet, "filter", Q("bool", filter=others)).bucket(
                    "values", terms
                )
            else:
                shared.bucket(facet, terms)
        return search

    @staticmethod
    def _highlighted(search: Search, phrases: list[str], terms: list[str]) -> Search:
        """Highlights the words as written: fuzzy highlighting costs more than the search.
        Each field gets a query on itself alone: the node builds a field's highlight query
        for every hit, and one naming all three fields costs it three times the work for
        the same marks (the node's time for `district heating`, with its ten glossary
        names, 19 -> 16 ms)."""

        def on(field: str) -> dict:
            parts = [Q("match_phrase", **{field: one_apostrophe(p)}) for p in phrases]
            if terms:
                parts.append(Q("match", **{field: one_apostrophe(" ".join(terms))}))
            return Q("bool", should=parts).to_dict()

        search = search.highlight_options(
            pre_tags=["<mark>"],
            post_tags=["</mark>"],
            encoder="html",
            fragment_size=160,
            number_of_fragments=1,
        )
        for field in HIGHLIGHTED:
            search = search.highlight(field, highlight_query=on(field))
        return search.highlight("title", number_of_fragments=0, highlight_query=on("title"))

    def _highlights_for(self, ids: list[int], text: str) -> dict[int, dict]:
        """Highlights of the given documents for other words (the spelling suggestion)."""
        search = Search(using=self.es, index=elastic_index.alias_name()).filter("ids", values=ids)
        search = self._highlighted(search, [], text.split()).extra(_source=["page_id"])
        return {
            hit.page_id: hit.meta.to_dict().get("highlight", {})
            for hit in search[: len(ids)].execute()
        }

    def start_requests(
        self, query: SearchQuery, request: HttpRequest
    ) -> Callable[[], RequestResults]:
        """Knowledge requests, in their own index (elastic_requests.py), matched as case
        studies are (the glossary's names too, no typo tolerance), under the filters requests
        have, with their facets. The request to the node is sent now, beside the case
        studies' search (search/parallel.py); the function returned waits for its answer and
        loads the requests it names."""
        search = self._request_search(query, public_only=not sees_members_only(request))
        response = parallel.start(search.execute)
        return lambda: self._request_results(query, request, response.result())

    def _request_search(self, query: SearchQuery, public_only: bool) -> Search:
        search = Search(using=self.es, index=elastic_requests.alias_name())
        # Until the first request is indexed there is no index: nothing is found.
        search = search.params(ignore_unavailable=True)
        search = search.query(self._text_query(query, False, elastic_requests.BOOSTS))
        if public_only:
            search = search.filter("term", public=True)
        filters = _request_filters(query)
        if filters:
            search = search.post_filter(Q("bool", filter=list(filters.values())))
        for facet, field in elastic_requests.FACET_FIELDS.items():
            others = [f for name, f in filters.items() if name != facet]
            bucket = search.aggs.bucket(facet, "filter", Q("bool", filter=others))
            bucket.bucket("values", "terms", field=field, size=200)
            if facet == "city":
                bucket.bucket("every", "filter", ~Q("exists", field=field))
        newest = {"asked_at": DESC}, {"request_id": DESC}
        by_relevance = query.text and query.sort == "relevance"
        search = search.sort("_score", *newest) if by_relevance else search.sort(*newest)
        search = search.extra(track_total_hits=True, _source=["request_id"])
        return search[query.offset : query.offset + query.page_size]

    @staticmethod
    def _request_results(
        query: SearchQuery, request: HttpRequest, response: Response
    ) -> RequestResults:
        # No aggregations without an index
        aggregations = response.aggregations.to_dict() if "aggregations" in response else {}
        facets = {}
        for facet in elastic_requests.FACET_FIELDS:
            found = aggregations.get(facet, {})
            buckets = found.get("values", {}).get("buckets", [])
            counts = Counter({bucket["key"]: bucket["doc_count"] for bucket in buckets})
            every = found.get("every", {}).get("doc_count", 0)
            facets[facet] = city_counts(counts, every) if facet == "city" else most_first(counts)
        ranked = [(hit.request_id, hit.meta.score or 0.0) for hit in response]
        text = TextQuery.of(query) if query.text else None
        return RequestResults(request_hits(ranked, request, text), _total(response), facets)

    def more_like_this(
        self, page: CaseStudyPage, request: HttpRequest, limit: int = 5
    ) -> list[CaseStudyPage]:
        like = Q(
            "more_like_this",
            # The short fields say what a case study is about; the body only adds cost.
            fields=["title", "summary", "theme_names", "tag_names"],
            like=[{"_index": elastic_index.alias_name(), "_id": page.pk}],
            min_term_freq=1,
            min_doc_freq=1,
            max_query_terms=15,
        )
        search = self._base(self.hidden(request)).query(like)[:limit]
        search = search.extra(_source=["page_id"])
        pages = self._pages([hit.page_id for hit in search.execute()], request)
        return [p for p in pages.values() if p.translation_key != page.translation_key]

    def suggest(self, text: str, request: HttpRequest, limit: int = 8) -> list[CaseStudyPage]:
        prefix = Q(
            "match_phrase_prefix", title={"query": one_apostrophe(text), "max_expansions": 20}
        )
        search = self._base(self.hidden(request)).query(prefix)[:limit]
        search = search.extra(_source=["page_id"])
        return list(self._pages([hit.page_id for hit in search.execute()], request).values())

    @staticmethod
    def hidden(request: HttpRequest) -> list[int]:
        """The ids of the view restrictions the requester does not pass."""
        return [r.pk for r in restrictions_hiding_from(request)]

    def _base(self, hidden: list[int]) -> Search:
        search = Search(using=self.es, index=elastic_index.alias_name())
        if hidden:
            search = search.filter(~Q("terms", restrictions=hidden))
        return search

    def _text_query(self, query: SearchQuery, typos: bool, boosts: dict = BOOSTS) -> Query:
        """Each document is matched in its own language: its words as written, and their forms
        in its language's fields (elastic_index.language_field); the query is analysed in
        every language, one field each. `boosts`: the text fields and their boosts (a case
        study's unless given)."""
        if not query.text:
            return Q("match_all")
        if not (query.phrases or query.terms):  # only quotes and spaces: nothing to find
            return Q("match_none")
        codes = [code for code, _name in settings.LANGUAGES]
        phrases = [one_apostrophe(phrase) for phrase in query.phrases]
        words = one_apostrophe(" ".join(query.terms))
        fields = self._fields(codes, boosts)
        matching = Q("bool", must=self._matching(phrases, words, fields, typos))
        names: dict[
            str, set[str]
        ] = {}  # language → the glossary's names, in it, of the concepts the text names
        for term in (t for e in query.expansions for t in e.terms):
            names.setdefault(term.language, set()).add(one_apostrophe(term.text))
        if not names:
            return matching
        # Or a name in the case study's language, weighing less.
        also = [
            Q(
                "bool",
                filter=[Q("term", locale=code)],
                must=[
                    Q("multi_match", query=name, type="phrase", fields=self._fields([code], boosts))
                ],
            )
            for code in codes
            for name in sorted(names.get(code, ()))
        ]
        glossary_names = Q("dis_max", queries=also, boost=glossary.WEIGHTS[self.name])
        return Q("bool", should=[matching, glossary_names], minimum_should_match=1)

    @staticmethod
    def _matching(phrases: list[str], words: str, fields: list[str], typos: bool) -> list[Query]:
        must = [Q("multi_match", query=phrase, type="phrase", fields=fields) for phrase in phrases]
        if not words:
            return must
        exact = Q("multi_match", query=words, fields=fields, operator="or")
        if typos:
            # Typo tolerance on the short fields only: fuzzy expansion over long bodies costs
            # far more than it finds.
            short = [f for f in fields if f.split("^")[0] in SHORT_FIELDS]
            fuzzy = Q(
                "multi_match",
                query=words,
                fields=short,
                fuzziness="AUTO",
                prefix_length=1,
                max_expansions=20,
                operator="or",
            )
            exact = Q("bool", should=[exact, fuzzy], minimum_should_match=1)
        phrase = Q("multi_match", query=words, type="phrase", fields=fields, boost=2)
        return [*must, Q("bool", must=[exact], should=[phrase])]

    @staticmethod
    def _fields(languages: list[str], boosts: dict) -> list[str]:
        """The text fields with their boosts: as written, and in the languages' fields."""
        return [f"{field}^{boost}" for field, boost in boosts.items()] + [
            f"{elastic_index.language_field(field, code)}^{boost}"
            for field, boost in boosts.items()
            for code in languages
        ]

    def _filters(self, query: SearchQuery) -> dict[str, Query]:
        filters = {
            name: Q("terms", **{FACET_FIELDS[name]: list(values)})
            for name, values in query.filters().items()
        }
        years = []
        if query.year_to:
            years.append(Q("range", period_start={"lte": query.year_to}))
        if query.year_from:
            years.append(
                Q("range", period_end={"gte": query.year_from}) | ~Q("exists", field="period_end")
            )
        if years:
            filters["year"] = Q("bool", filter=years)
        if query.verified_since:
            since = query.verified_since.isoformat()
            filters["verified"] = Q("range", last_verified={"gte": since})
        return filters

    @staticmethod
    def _buckets(aggregations: dict, facet: str) -> list[tuple]:
        counts = aggregations.get(UNFILTERED, aggregations).get(facet) or aggregations[facet]
        buckets = counts.get("values", counts)["buckets"]
        pairs = [(bucket["key"], bucket["doc_count"]) for bucket in buckets]
        return sorted(pairs) if facet == "year" else pairs

    @staticmethod
    def _pages(ids: list[int], request: HttpRequest) -> dict[int, CaseStudyPage]:
        """The pages of these ids that the requester may see now, whatever the index says: a
        stale index never shows an unpublished or newly members-only case study."""
        pages = CaseStudyPage.objects.visible_to(request).filter(id__in=ids).for_links()
        pages = pages.order_by()  # in the ranking's order, below: none in SQL (0.4 ms less)
        by_id = {page.pk: page for page in pages}
        return {i: by_id[i] for i in ids if i in by_id}

    def _suggestion(self, query: SearchQuery, request: HttpRequest) -> str:
        """Did-you-mean: the query with words replaced by close, more frequent indexed words.
        The suggester knows every word of the index, members-only case studies' too: a word is
        offered only if a case study the requester may see has it."""
        search = Search(using=self.es, index=elastic_index.alias_name()).extra(size=0)
        words = one_apostrophe(" ".join(query.terms))
        search = search.suggest("spelling", words, term={"field": "spelling"})
        response = search.execute()
        corrected = []
        for entry in response.suggest["spelling"]:
            close = (o.text for o in entry.options if o.score > 0.6)
            corrected.append(next((w for w in close if self._visible_word(w, request)), None))
        if not any(corrected):
            return ""
        entries = response.suggest["spelling"]
        return " ".join(word or entry.text for word, entry in zip(corrected, entries, strict=True))

    def _visible_word(self, word: str, request: HttpRequest) -> bool:
        search = self._base(self.hidden(request)).filter("term", spelling=word).extra(size=0)
        return _total(search.extra(track_total_hits=1).execute()) > 0


def _total(response: Response) -> int:
    """How many documents a search matched."""
    return int(response["hits"]["total"]["value"])


def _request_filters(query: SearchQuery) -> dict[str, Query]:
    """The filters that requests have (query.requests_pass: no others are active), by facet;
    a request that asks no city in particular asks every city."""
    fields = elastic_requests.FACET_FIELDS
    filters = {
        name: Q("terms", **{fields[name]: list(values)})
        for name, values in query.filters().items()
        if name in fields
    }
    if "city" in filters:
        filters["city"] = filters["city"] | ~Q("exists", field=fields["city"])
    return filters
