from django import template

from ..models import Bookmark
from ..roles import is_member

register = template.Library()


@register.inclusion_tag("members/bookmark_button.html", takes_context=True)
def bookmark_button(context, page):
    """A button to keep or drop the case study in the member's bookmarks; nothing for others."""
    user = context["request"].user
    if not is_member(user):
        return {"show": False}
    marked = Bookmark.objects.filter(user=user, case_study=page).exists()
    return {"show": True, "page": page, "marked": marked, "csrf_token": context["csrf_token"]}
