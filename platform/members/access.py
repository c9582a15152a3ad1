"""The gate of the members-only pages: approved members pass; others sign in first, or are
told that the page is for approved members."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from .roles import is_member


def not_a_member(request):
    """What a signed-in person who is not an approved member gets instead of members' content."""
    return render(request, "members/members_only.html", status=403)


def members_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_member(request.user):
            return not_a_member(request)
        return view(request, *args, **kwargs)

    return wrapper
