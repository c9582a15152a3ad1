from urllib.parse import urlsplit

from django.http import HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.http import urlencode

from learning.models import Theme

from .facets import VERIFIED_CHOICES, active_filters, allowed_values, facet_groups, labels
from .query import MAX_QUERY_LENGTH, BadSearchRequest, parse_search_params
from .service import search as run_search
from .service import suggest as run_suggest

SUGGEST_MIN_LENGTH = 2


def search(request):
    """The search page: results with highlights, facets, active filters, pagination."""
    context = {"query_text": request.GET.get("q", "")[:MAX_QUERY_LENGTH]}
    try:
        query = parse_search_params(request.GET, allowed_values())
    except BadSearchRequest as error:
        return render(
            request, "search/search.html", {**context, "error": error.for_people}, status=400
        )
    results = run_search(query, request, log=not _refines(request, query))
    if query.page > results.page_count:
        return HttpResponseRedirect(_on_page(request, results.page_count))
    names = labels()
    context.update(
        results=results,
        facets=facet_groups(results, request.GET, names),
        active_filters=active_filters(request.GET, names),
        year_from=request.GET.get("year_from", ""),
        year_to=request.GET.get("year_to", ""),
        verified_within=query.verified_within,
        verified_choices=sorted({*VERIFIED_CHOICES, query.verified_within} - {None}),
        sort=query.sort,
        has_previous=query.page > 1,
        has_next=query.page < results.page_count,
        themes=Theme.objects.active().in_locale() if not results.hits else (),
    )
    return render(request, "search/search.html", context)


def _on_page(request, number):
    """The address of this search on page `number` (the first page has no page parameter)."""
    pairs = [(k, v) for k in request.GET for v in request.GET.getlist(k) if k != "page"]
    if number > 1:
        pairs.append(("page", number))
    return request.path + ("?" + urlencode(pairs) if pairs else "")


def suggest(request):
    """As-you-type suggestions: titles of case studies, as JSON."""
    text = " ".join(request.GET.get("q", "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]
    if len(text) < SUGGEST_MIN_LENGTH:
        return JsonResponse({"suggestions": []})
    pages = run_suggest(text, request)
    return JsonResponse(
        {
            "suggestions": [
                {"title": page.title, "url": page.url, "language": page.locale.language_code}
                for page in pages
            ]
        }
    )


def _refines(request, query):
    """Whether this search changes only the filters, sort or page of the search the visitor
    came from (the same text): the query report counts a search text once, not again for each
    refinement."""
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    if referer.path != request.path:
        return False
    previous = " ".join(QueryDict(referer.query).get("q", "").split())
    return previous.lower() == query.text.lower()
