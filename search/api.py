"""GET /api/v2/search/: the site search as JSON (documented in docs/api.md)."""

from django.conf import settings
from django.http import JsonResponse
from django.utils import translation

from .facets import allowed_values, labels
from .query import BadSearchRequest, parse_search_params
from .service import search


def search_api(request):
    try:
        query = parse_search_params(request.GET, allowed_values())
    except BadSearchRequest as error:
        return JsonResponse({"message": str(error)}, status=400)
    language = request.GET.get("language") or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        return JsonResponse({"message": f"Unknown language: {language}."}, status=400)
    with translation.override(language):
        results = search(query, request)
        names = labels()
    return JsonResponse(
        {
            "query": query.text,
            "total": results.total,
            "found_by_words": results.found_by_words,
            "page": query.page,
            "page_count": results.page_count,
            "engine": results.engine,
            "fell_back": results.fell_back,
            "suggestion": results.suggestion,
            "also_searched": [
                {"typed": e.typed, "language": e.language, "names": dict(e.preferred)}
                for e in results.query.expansions
            ],
            "results": [_result(hit) for hit in results.hits],
            "facets": {
                facet: [
                    {"value": value, "label": names[facet].get(value, str(value)), "count": count}
                    for value, count in counts
                    if facet == "year" or value in names[facet]  # not retired themes
                ]
                for facet, counts in results.facets.items()
            },
        }
    )


def _result(hit):
    page = hit.page
    return {
        "id": page.pk,
        "title": page.title,
        "url": page.full_url,
        "summary": page.summary,
        "city": page.city.slug,
        "locale": page.locale.language_code,
        "status": page.status,
        "period_start": page.period_start,
        "period_end": page.period_end,
        "last_verified": page.last_verified.isoformat() if page.last_verified else None,
        "score": hit.score,
        "highlights": hit.highlights,
    }
