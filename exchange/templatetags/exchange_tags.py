from django import template
from wagtail.models import Locale

from learning.models import Theme
from members.models import Role

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
        "for_you": list(for_you.prefetch_related(*listed)[:LISTED]) if for_you is not None else [],
        "asked": list(asked.prefetch_related(*listed)[:LISTED]),
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }


@register.filter
def theme_names(knowledge_request):
    """The request's themes named in the active language."""
    keys = [theme.translation_key for theme in knowledge_request.themes.all()]
    return list(
        Theme.objects.filter(translation_key__in=keys, locale=Locale.get_active()).values_list(
            "name", flat=True
        )
    )
