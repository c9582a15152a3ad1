"""The "City members" area of the Wagtail admin: coordinators see their own city, moderators
and administrators every city. What each may do is decided in policy.py.

Hand-made rather than a ModelViewSet: it is one list of memberships and open invitations with
inline actions (approve, change role, remove; resend, revoke), each a service call with its
audit log entry, groups and email (services.py), and nothing here is edited as a form of the
model, which is what a viewset's create and edit views are for."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import policy, services
from ..forms import InvitationForm, RoleForm
from ..models import Membership


def _require_manager(request):
    if not policy.may_manage_members(request.user):
        raise PermissionDenied


def index(request):
    _require_manager(request)
    memberships = policy.manageable_memberships(request.user).with_email_verified()
    status = request.GET.get("status")
    if status in Membership.Status.values:
        memberships = memberships.filter(status=status)
    roles = policy.grantable_roles(request.user)
    rows = [(m, RoleForm(initial={"role": m.role}, roles=roles)) for m in memberships]
    invitations = [i for i in policy.manageable_invitations(request.user) if i.is_open]
    return render(
        request,
        "members/admin/index.html",
        {
            "rows": rows,
            "statuses": Membership.Status.choices,
            "status": status,
            "invitations": invitations,
        },
    )


@require_POST
def approve(request, pk):
    membership = _membership(request, pk)
    return _changed(
        request,
        lambda: services.approve(request.user, membership),
        lambda: _("%(person)s is approved.") % {"person": membership.user},
    )


@require_POST
def change_role(request, pk):
    membership = _membership(request, pk)
    form = RoleForm(request.POST, roles=policy.grantable_roles(request.user))
    if not form.is_valid():
        raise PermissionDenied
    return _changed(
        request,
        lambda: services.change_role(request.user, membership, role=form.cleaned_data["role"]),
        lambda: (
            _("%(person)s is now %(role)s.")
            % {"person": membership.user, "role": membership.get_role_display()}
        ),
    )


@require_POST
def remove(request, pk):
    membership = _membership(request, pk)
    return _changed(
        request,
        lambda: services.remove(request.user, membership),
        lambda: _("%(person)s is removed.") % {"person": membership.user},
    )


def _changed(request, change, done):
    """Makes a membership change and says what it did (`done()`), or why it was refused."""
    try:
        change()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done())
    return redirect("members_admin:index")


@require_POST
def resend_invitation(request, pk):
    invitation = _invitation(request, pk)
    services.resend_invitation(request.user, invitation)
    messages.success(
        request, _("The invitation is sent again to %(email)s.") % {"email": invitation.email}
    )
    return redirect("members_admin:index")


@require_POST
def revoke_invitation(request, pk):
    invitation = _invitation(request, pk)
    services.revoke_invitation(request.user, invitation)
    messages.success(
        request,
        _("The invitation to %(email)s is revoked: its link no longer works.")
        % {"email": invitation.email},
    )
    return redirect("members_admin:index")


def invite(request):
    _require_manager(request)
    form = InvitationForm(
        request.POST or None,
        cities=policy.invitable_cities(request.user),
        roles=policy.grantable_roles(request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.invite(request.user, **form.cleaned_data)
        messages.success(
            request, _("An invitation is on its way to %(email)s.") % form.cleaned_data
        )
        return redirect("members_admin:index")
    return render(request, "members/admin/invite.html", {"form": form})


def _invitation(request, pk):
    """404 for an invitation the person may not manage, as if it did not exist."""
    _require_manager(request)
    return get_object_or_404(policy.manageable_invitations(request.user), pk=pk)


def _membership(request, pk):
    """404 for a membership the person may not manage, as if it did not exist."""
    _require_manager(request)
    return get_object_or_404(policy.manageable_memberships(request.user), pk=pk)
