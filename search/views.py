from django.shortcuts import render

from learning.listing import paginate
from learning.models import CaseStudyPage

MAX_QUERY_LENGTH = 200


def search(request):
    """Full-text search over live, public case studies in every language."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        matches = CaseStudyPage.objects.live().public().select_related("city", "locale")
        results = paginate(request, matches.search(query))
    return render(request, "search/search.html", {"query": query, "results": results})
