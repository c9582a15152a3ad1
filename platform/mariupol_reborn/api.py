"""Wagtail API v2: pages, images, documents, themes and cities. Callers see what they would
see on the site: anonymous callers only live, public content; signed-in members also the
members-only case studies, and the documents and images used on them."""

from types import SimpleNamespace

from django.conf import settings
from django.http import FileResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cities.models import CityPage
from learning.models import Theme
from learning.visibility import media_visible_to
from search.text import words

MAX_OFFSET = 1_000_000


class CheckedFieldsFilter(FieldsFilter):
    """Field filters whose values do not fit the field (`?themes=abc`) are a 400."""

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except ValueError as error:
            raise BadRequestError(f"field filter error: {error}") from error


class PlainTextSearchFilter(SearchFilter):
    """`?search=` takes words: punctuation and search syntax never reach the search backend."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        params = request.GET.copy()
        params["search"] = " ".join(words(params["search"]))
        return super().filter_queryset(SimpleNamespace(GET=params), queryset, view)


def checked(backends):
    replacements = {FieldsFilter: CheckedFieldsFilter, SearchFilter: PlainTextSearchFilter}
    return [replacements.get(backend, backend) for backend in backends]


class CheckedParametersMixin:
    """Parameters that Wagtail's API would pass on to the database unchecked get a 400 with a
    message: null characters, offsets past any result, unknown search operators."""

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        params = self.request.GET
        if any("\x00" in value for _name, values in params.lists() for value in values):
            raise BadRequestError("parameters cannot contain null characters")
        offset = params.get("offset", "0")
        if not offset.isdigit() or int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset must be an integer from 0 to {MAX_OFFSET}")
        if params.get("search_operator", "and") not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")


class CheckedPagesAPIViewSet(CheckedParametersMixin, PagesAPIViewSet):
    filter_backends = checked(PagesAPIViewSet.filter_backends)


class CitiesAPIViewSet(CheckedPagesAPIViewSet):
    model = CityPage

    def get_base_queryset(self):
        return super().get_base_queryset().type(CityPage)


class VisibleMediaMixin:
    """Only the documents or images used on pages the caller may see."""

    def get_queryset(self):
        return media_visible_to(super().get_queryset(), self.request)


class VisibleDocumentsAPIViewSet(CheckedParametersMixin, VisibleMediaMixin, DocumentsAPIViewSet):
    filter_backends = checked(DocumentsAPIViewSet.filter_backends)


class VisibleImagesAPIViewSet(CheckedParametersMixin, VisibleMediaMixin, ImagesAPIViewSet):
    filter_backends = checked(ImagesAPIViewSet.filter_backends)


class ThemesAPIViewSet(CheckedParametersMixin, BaseAPIViewSet):
    model = Theme
    body_fields = BaseAPIViewSet.body_fields + ["name", "slug", "description", "locale"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["name", "slug", "locale"]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["locale"])

    def get_queryset(self):
        themes = Theme.objects.active().select_related("locale")
        if locale := self.request.GET.get("locale"):
            themes = themes.filter(locale__language_code=locale)
        return themes


ENDPOINTS = {
    "pages": CheckedPagesAPIViewSet,
    "cities": CitiesAPIViewSet,
    "themes": ThemesAPIViewSet,
    "images": VisibleImagesAPIViewSet,
    "documents": VisibleDocumentsAPIViewSet,
}
api_router = WagtailAPIRouter("wagtailapi")
for _name, _view in ENDPOINTS.items():
    api_router.register_endpoint(_name, _view)
OPENAPI = settings.BASE_DIR / "docs" / "openapi.yaml"


def api_index(request):
    """GET /api/v2/: the endpoints, and where the API is described."""
    base = request.build_absolute_uri("/api/v2/")
    return JsonResponse(
        {
            "endpoints": {name: f"{base}{name}/" for name in [*ENDPOINTS, "search", "requests"]},
            "openapi": request.build_absolute_uri(reverse("openapi")),
            "documentation": request.build_absolute_uri(reverse("api_docs")),
        }
    )


def openapi(request):
    """The OpenAPI description of the search and requests API (docs/openapi.yaml), as a
    file."""
    return FileResponse(OPENAPI.open("rb"), content_type="application/yaml")


def api_docs(request):
    """The OpenAPI description, readable: Swagger UI from drf-spectacular-sidecar's static
    files, served by the platform itself."""
    return render(request, "api_docs.html")
