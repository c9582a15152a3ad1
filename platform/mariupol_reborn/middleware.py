from csp.middleware import CSPMiddleware
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse

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


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the Wagtail admin's own policy under the admin's address.

    The public site gets CONTENT_SECURITY_POLICY, which allows no inline script or style. The
    admin (with its page previews) still needs inline scripts and styles, and evaluated code
    for its accessibility checker: it gets CONTENT_SECURITY_POLICY_ADMIN instead.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        in_admin = request.path_info.startswith(reverse("wagtailadmin_home"))
        if in_admin and not report_only and parts.config is None:
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
        return parts
