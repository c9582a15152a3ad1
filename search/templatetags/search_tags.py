from django import template

from search.service import more_like_this

register = template.Library()


@register.inclusion_tag("search/related_case_studies.html", takes_context=True)
def related_case_studies(context, page, limit=5):
    """Up to `limit` case studies like this one that the visitor may see."""
    return {
        "related": more_like_this(page, context["request"], limit),
        "request": context["request"],
    }
