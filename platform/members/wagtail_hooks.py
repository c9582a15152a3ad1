from django.urls import include, path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import PageViewRestriction

from . import admin_urls, policy
from .access import not_a_member


@hooks.register("register_admin_urls")
def register_members_admin():
    return [path("city-members/", include(admin_urls))]


class CityMembersMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.may_manage_members(request.user)


@hooks.register("register_admin_menu_item")
def city_members_menu_item():
    return CityMembersMenuItem(
        _("City members"), reverse("members_admin:index"), icon_name="group", order=250
    )


@hooks.register("register_log_actions")
def membership_log_actions(actions):
    actions.register_action("members.request", _("Ask to join"), _("Asked to join a city"))
    actions.register_action("members.invite", _("Invite"), _("Invited to join a city"))
    actions.register_action(
        "members.resend_invitation", _("Resend invitation"), _("Invitation sent again")
    )
    actions.register_action(
        "members.revoke_invitation", _("Revoke invitation"), _("Invitation revoked")
    )
    actions.register_action(
        "members.join_by_invitation", _("Join by invitation"), _("Joined by invitation")
    )
    actions.register_action("members.approve", _("Approve member"), _("Member approved"))
    actions.register_action("members.change_role", _("Change role"), _("Role changed"))
    actions.register_action("members.remove", _("Remove member"), _("Member removed"))
    actions.register_action(
        "members.request_deletion", _("Request deletion"), _("Asked for account deletion")
    )


@hooks.register("before_serve_page")
def explain_members_only_pages(page, request, serve_args, serve_kwargs):
    """Wagtail sends whoever fails a page's privacy to sign in; someone already signed in (still
    pending, say) would come straight back. They are told the page is for members instead."""
    if request.user.is_authenticated and any(
        restriction.restriction_type != PageViewRestriction.PASSWORD
        and not restriction.accept_request(request)
        for restriction in page.get_view_restrictions()
    ):
        response = not_a_member(request)
        add_never_cache_headers(response)
        return response
