"""An invitation link remembered in the visitor's session between the link and the signup."""

from allauth.account.adapter import get_adapter

from .models import Invitation

SESSION_KEY = "members_invitation"


def remember_invitation(request, invitation):
    request.session[SESSION_KEY] = invitation.token
    # The link came by email to this address: allauth treats it as verified.
    get_adapter(request).stash_verified_email(request, invitation.email)


def invitation_in_session(request):
    token = request.session.get(SESSION_KEY)
    invitation = Invitation.objects.filter(token=token).select_related("city").first()
    return invitation if invitation and invitation.is_open else None


def forget_invitation(request):
    request.session.pop(SESSION_KEY, None)
