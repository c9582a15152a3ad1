"""Wagtail API v2: pages, images, documents, themes and cities. Anonymous callers see only
live, public content."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cities.models import CityPage
from learning.models import Theme


class CitiesAPIViewSet(PagesAPIViewSet):
    model = CityPage

    def get_base_queryset(self):
        return super().get_base_queryset().type(CityPage)


class ThemesAPIViewSet(BaseAPIViewSet):
    model = Theme
    body_fields = BaseAPIViewSet.body_fields + ["name", "slug", "description", "locale"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["name", "slug", "locale"]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["locale"])

    def get_queryset(self):
        themes = Theme.objects.active().select_related("locale")
        if locale := self.request.GET.get("locale"):
            themes = themes.filter(locale__language_code=locale)
        return themes


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("cities", CitiesAPIViewSet)
api_router.register_endpoint("themes", ThemesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
