"""The member's own account pages, next to allauth's (email, password, two-factor)."""

from allauth.account.adapter import get_adapter
from allauth.account.views import SignupView as AllauthSignupView
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import services
from ..forms import ExpertProfileForm
from ..invitations import invitation_in_session, remember_invitation
from ..models import ExpertProfile, Invitation


class SignupView(AllauthSignupView):
    """allauth's signup, told about the invitation the visitor followed, if any."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "invitation": invitation_in_session(self.request)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**context, "invitation": context["form"].invitation}


def accept_invitation(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("city"), token=token)
    if not invitation.is_open:
        return render(request, "members/invitation_closed.html", status=410)
    if request.user.is_authenticated:
        logout(request)
    remember_invitation(request, invitation)
    return redirect("account_signup")


@login_required
def account_home(request):
    membership = getattr(request.user, "membership", None)
    return render(request, "members/account_home.html", {"membership": membership})


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request):
    profile, _created = ExpertProfile.objects.get_or_create(user=request.user)
    form = ExpertProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("account_home")
    return render(request, "members/profile_form.html", {"form": form})


def _password_confirmed(request):
    """allauth's password check, under the same limit on failed attempts as the sign-in."""
    try:
        if get_adapter(request).reauthenticate(request.user, request.POST.get("password", "")):
            return True
        messages.error(request, _("The password is not correct."))
    except ValidationError as lockout:
        messages.error(request, lockout.messages[0])  # with its link to a new password
    return False


@login_required
@require_http_methods(["GET", "POST"])
def request_deletion(request):
    if request.method == "POST" and _password_confirmed(request):
        services.request_deletion(request.user)
        logout(request)
        return render(request, "members/deletion_requested.html")
    return render(request, "members/deletion_form.html")
