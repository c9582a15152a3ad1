from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

AFTER_MFA_SETUP = "after_mfa_setup"  # session key, read by templates/allauth/layouts/base.html


def needs_mfa(user):
    """Moderators and administrators must use two-factor authentication."""
    return user.has_perm("members.manage_all_members")


class AdminAccessMiddleware:
    """Guards the Wagtail admin beyond Wagtail's own login: a signed-in person whose role has
    no editing area gets a clear 403, and moderators and administrators are sent to set up
    two-factor authentication before they may use it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if request.path_info.startswith("/admin/") and user.is_authenticated:
            if not user.has_perm("wagtailadmin.access_admin"):
                return render(request, "members/no_admin_access.html", status=403)
            if needs_mfa(user) and not is_mfa_enabled(user, [Authenticator.Type.TOTP]):
                messages.warning(
                    request,
                    _("Set up two-factor authentication before you use the editing area."),
                )
                # Where the recovery codes page, the set-up's last step, continues to.
                request.session[AFTER_MFA_SETUP] = request.get_full_path()
                return redirect("mfa_activate_totp")
        return self.get_response(request)
