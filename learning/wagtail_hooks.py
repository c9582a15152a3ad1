from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Theme


class ThemeViewSet(SnippetViewSet):
    """Moderators curate the themes here: drag to reorder, untick 'active' to retire."""

    model = Theme
    icon = "tag"
    menu_label = "Themes"
    add_to_admin_menu = True
    menu_order = 200
    list_display = ["name", "slug", "is_active"]
    list_filter = ["is_active", "locale"]
    search_fields = ["name"]
    sort_order_field = "sort_order"


register_snippet(ThemeViewSet)
