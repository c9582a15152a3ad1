from django.middleware.locale import LocaleMiddleware

# Addresses outside the language-prefixed public site.
UNPREFIXED_PATHS = (
    "/api/",
    "/admin/",
    "/documents/",
    "/i18n/",
    "/media/",
    "/static/",
)


class PublicSiteLocaleMiddleware(LocaleMiddleware):
    """Django's locale middleware, except that a 404 outside the public site stays a 404.

    Django redirects any unknown unprefixed address to its /<lang>/ form when that form
    resolves, and Wagtail's catch-all pattern makes every form resolve; an API client asking
    for a missing page would otherwise get a redirect to an HTML page.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED_PATHS):
            return response
        return super().process_response(request, response)
