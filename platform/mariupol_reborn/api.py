"""Wagtail API v2: pages, images, documents, themes and cities. Callers see what they would
see on the site: anonymous callers only live, public content; signed-in members also the
members-only case studies, and the documents and images used on them."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cities.models import CityPage
from learning.models import Theme
from learning.visibility import media_visible_to


class CitiesAPIViewSet(PagesAPIViewSet):
    model = CityPage

    def get_base_queryset(self):
        return super().get_base_queryset().type(CityPage)


class VisibleMediaMixin:
    """Only the documents or images used on pages the caller may see."""

    def get_queryset(self):
        return media_visible_to(super().get_queryset(), self.request)


class VisibleDocumentsAPIViewSet(VisibleMediaMixin, DocumentsAPIViewSet):
    pass


class VisibleImagesAPIViewSet(VisibleMediaMixin, ImagesAPIViewSet):
    pass


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
api_router.register_endpoint("images", VisibleImagesAPIViewSet)
api_router.register_endpoint("documents", VisibleDocumentsAPIViewSet)
