from django import template

from members.models import Role

from ..listing import name_themes
from ..models import KnowledgeRequest
from ..notifications import requests_for
from ..policy import active_membership

register = template.Library()
LISTED = 20


@register.inclusion_tag("exchange/requests_for_you.html", takes_context=True)
def requests_for_you(context):
    """For the account page: the open requests for an expert (their city's, on their themes),
    every open request to their city for a coordinator, and the member's own questions."""
    user = context["request"].user
    membership = active_membership(user)
    if membership is None:
        return {}
    coordinator = membership.role == Role.COORDINATOR
    if coordinator:
        for_you = KnowledgeRequest.objects.open().for_city(membership.city)
    elif membership.role == Role.EXPERT:
        for_you = requests_for(user)
    else:
        for_you = None
    asked = KnowledgeRequest.objects.filter(asker=user).exclude(
        status=KnowledgeRequest.Status.MERGED
    )
    listed = ("themes", "answers")
    return {
        "show": for_you is not None,
        "coordinator": coordinator,
        "for_you": (
            name_themes(for_you.prefetch_related(*listed)[:LISTED]) if for_you is not None else []
        ),
        "asked": name_themes(asked.prefetch_related(*listed)[:LISTED]),
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }


@register.filter
def theme_names(knowledge_request):
    """The request's themes named in the active language (named once for a whole list by
    `name_themes`)."""
    if not hasattr(knowledge_request, "theme_names"):
        name_themes([knowledge_request])
    return knowledge_request.theme_names
