"""Knowledge requests as every engine reads and shows them: their answers by language, and as
search hits, loaded as the requester may see them, with the words of the search marked
(search/highlighting.py) and counted by the cities they ask."""

from collections import Counter

from django.http import HttpRequest

from exchange.listing import name_themes
from exchange.models import KnowledgeRequest
from learning.names import theme_and_city_slugs

from ..highlighting import SNIPPET_WIDTH, highlight
from ..query import RequestHit
from ..text import language_of, one_apostrophe
from .fulltext import TextQuery


def answers_by_language(knowledge_request: KnowledgeRequest) -> dict[str, str]:
    """Language code → the plain text of the request's answers written in it: an expert may
    answer in their own language, the asker's, or English (text.language_of)."""
    answers: dict[str, list[str]] = {}
    for answer in knowledge_request.answers.all():
        text = one_apostrophe(answer.plain_text())
        answers.setdefault(language_of(text, knowledge_request.language), []).append(text)
    return {code: "\n\n".join(texts) for code, texts in answers.items()}


def request_hits(
    ranked: list[tuple[int, float]], request: HttpRequest, text: TextQuery | None
) -> list[RequestHit]:
    """RequestHits of (request id, score) pairs, best first, that the requester may see now;
    `text`: the words to mark, or None."""
    found = (
        KnowledgeRequest.objects.visible_to(request)
        .select_related("asker")
        .prefetch_related("answers", "themes")
        .in_bulk([pk for pk, _score in ranked])
    )
    name_themes(found.values())  # for the hits' lines (exchange/request_meta.html)
    return [
        RequestHit(found[pk], float(score), _highlights(found[pk], text) if text else {})
        for pk, score in ranked
        if pk in found
    ]


def _highlights(knowledge_request: KnowledgeRequest, text: TextQuery) -> dict:
    """The title with the words marked, and the first passage with them: of the question, or
    of an answer, each read in its own language."""
    language = knowledge_request.language
    highlights = {}
    if title := highlight(knowledge_request.title, text.keys, language, None):  # shown whole
        highlights["title"] = [title]
    passages = [(language, knowledge_request.body), *answers_by_language(knowledge_request).items()]
    for code, passage in passages:
        if snippet := highlight(passage, text.keys, code, SNIPPET_WIDTH):
            highlights["text"] = [snippet]
            break
    return highlights


def city_counts(asking: Counter, every: int) -> list[tuple[str, int]]:
    """The city facet of requests: a request that asks no city in particular asks every city,
    so it counts for each (`every` of them) besides those asking it by name (`asking`)."""
    counts = Counter(asking)
    if every:
        for slug in theme_and_city_slugs()["city"]:
            counts[slug] += every
    return most_first(counts)


def most_first(counts: Counter) -> list[tuple[str, int]]:
    """Facet values with their counts, the most frequent first (then by value)."""
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
