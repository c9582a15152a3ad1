from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from exchange.api import answers_api, request_api, requests_api
from search.api import search_api

from .api import api_docs, api_index, api_router, openapi


def to_allauth(name):
    """Django's and Wagtail's own sign-in and password reset forms would bypass allauth's rate
    limits, email verification and two-factor step: their addresses lead to allauth's pages."""
    return RedirectView.as_view(pattern_name=name, query_string=True)


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever a page says; the icon is a static file."""

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.ico")


urlpatterns = [
    path("favicon.ico", FaviconView.as_view()),
    path("admin/login/", to_allauth("account_login")),
    re_path(r"^admin/password_reset/", to_allauth("account_reset_password")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/search/", search_api, name="search_api"),
    path("api/v2/requests/", requests_api, name="requests_api"),
    path("api/v2/requests/<int:pk>/", request_api, name="request_api"),
    path("api/v2/requests/<int:pk>/answers/", answers_api, name="answers_api"),
    path("api/v2/", api_index, name="api_index"),
    path("api/v2/", api_router.urls),
    path("api/openapi.yaml", openapi, name="openapi"),
    path("api/docs/", api_docs, name="api_docs"),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    # Imported under another name: `static` above is the static files' address.
    from django.conf.urls.static import static as served_from

    urlpatterns += served_from(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public page carries its language: /en/…, /uk/…; "/" redirects to the preferred one.
urlpatterns += i18n_patterns(
    # Wagtail's sign-in for private pages (page privacy sends people to allauth's instead).
    path("_util/login/", to_allauth("account_login")),
    path("", include("members.urls")),
    path("", include("search.urls")),
    path("", include("alerts.urls")),
    path("", include("exchange.urls")),
    path("", include("learning.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
