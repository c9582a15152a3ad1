from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from search.api import search_api

from .api import api_router

urlpatterns = [
    # The admin's own sign-in and password reset would bypass allauth's rate limits and
    # two-factor step: they lead to allauth's pages instead.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path(
        "admin/password_reset/",
        RedirectView.as_view(pattern_name="account_reset_password"),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/search/", search_api, name="search_api"),
    path("api/v2/", api_router.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public page carries its language: /en/…, /uk/…; "/" redirects to the preferred one.
urlpatterns += i18n_patterns(
    path("", include("members.urls")),
    path("", include("search.urls")),
    path("", include("learning.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
