from django.http import JsonResponse
from django.urls import path
from wagtail.models import Page

from mariupol_reborn.urls import urlpatterns as platform_urlpatterns


def wagtail_builtin_search(request):
    """The peer: Wagtail's own Page.objects.live().search() on the same data."""
    results = Page.objects.live().search(request.GET.get("q", ""))[:10]
    return JsonResponse({"results": [page.title for page in results]})


urlpatterns = [path("bench/wagtail-search/", wagtail_builtin_search), *platform_urlpatterns]
