"""GET /api/v2/search/: the site search as JSON (documented in docs/api.md)."""

from django.conf import settings
from django.http import JsonResponse
from django.utils import translation

from .facets import allowed_values, labels
from .query import BadSearchRequest, RequestHit, parse_search_params
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
            "results": [_result(hit, request) for hit in results.hits],
            # The first requests found beside the case studies (none when asked for one kind)
            "requests": [
                _request_result(hit, request)
                for hit in (results.requests.hits if results.requests else [])
            ],
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


def _result(hit, request):
    if isinstance(hit, RequestHit):
        return _request_result(hit, request)
    page = hit.page
    return {
        "type": "case_study",
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


def _request_result(hit, request):
    knowledge_request = hit.knowledge_request
    return {
        "type": "request",
        "id": knowledge_request.pk,
        "title": knowledge_request.title,
        "url": request.build_absolute_uri(knowledge_request.get_absolute_url()),
        "language": knowledge_request.language,
        "status": knowledge_request.status,
        "public": knowledge_request.public,
        "asked_at": knowledge_request.created_at.isoformat(),
        "answer_count": len(knowledge_request.answers.all()),
        "score": hit.score,
        "highlights": hit.highlights,
    }
