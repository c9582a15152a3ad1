from django import template
from django.contrib.auth.views import redirect_to_login
from django.http import QueryDict

from members.roles import is_member
from search.query import BadSearchRequest

from ..models import Follow, SavedSearch
from ..services import default_name, search_params

register = template.Library()
ASKS_NOTHING = {"page", "sort", "glossary"}  # parameters that alone are no search to keep


def _sign_in_url(request):
    return redirect_to_login(request.get_full_path())["Location"]


@register.inclusion_tag("alerts/save_search.html", takes_context=True)
def save_search_form(context):
    """ "Save this search" for members; "sign in to save" for visitors; nothing for people
    waiting for approval."""
    request = context["request"]
    user = request.user
    if not any(v for k, v in request.GET.items() if k not in ASKS_NOTHING):
        return {}  # the bare search page: no search to keep
    if not user.is_authenticated:
        return {"sign_in_url": _sign_in_url(request)}
    if not is_member(user):
        return {}
    try:
        params = search_params(request.GET)
    except BadSearchRequest:
        return {}
    pairs = [(key, value) for key, values in QueryDict(params).lists() for value in values]
    return {
        "show": True,
        "pairs": pairs,
        "saved": SavedSearch.objects.filter(user=user, params=params).first(),
        "default_name": default_name(QueryDict(params)),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("alerts/follow_button.html", takes_context=True)
def follow_button(context, kind, slug):
    """Follow or stop following a theme or a city (`kind` "theme" or "city")."""
    request = context["request"]
    user = request.user
    if not user.is_authenticated:
        return {"sign_in_url": _sign_in_url(request), "kind": kind}
    if not is_member(user):
        return {}
    return {
        "show": True,
        "kind": kind,
        "slug": slug,
        "following": Follow.objects.filter(user=user, kind=kind, slug=slug).exists(),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
