"""The search engines: each answers the same four questions (the contract the tests hold every
engine to, tests/search/test_engines.py)."""

from collections.abc import Callable
from typing import Protocol

from django.http import HttpRequest

from learning.models import CaseStudyPage

from ..query import RequestResults, SearchQuery, SearchResults


class Engine(Protocol):
    name: str

    def search(self, query: SearchQuery, request: HttpRequest) -> SearchResults: ...

    def more_like_this(
        self, page: CaseStudyPage, request: HttpRequest, limit: int = 5
    ) -> list[CaseStudyPage]: ...

    def start_requests(
        self, query: SearchQuery, request: HttpRequest
    ) -> Callable[[], RequestResults]:
        """Starts searching the knowledge requests; the function returned gives them. An
        engine may send its request at once, to run beside the case studies' search."""

    def suggest(self, text: str, request: HttpRequest, limit: int = 8) -> list[CaseStudyPage]: ...
