from wagtail.models import Locale

from learning.models import Theme


def name_themes(requests):
    """Gives each request `theme_names`, its themes in the active language, in one query."""
    requests = list(requests)
    if not requests:  # most searches show none: nothing to read
        return requests
    keys = {theme.translation_key for item in requests for theme in item.themes.all()}
    names = dict(
        Theme.objects.filter(translation_key__in=keys, locale=Locale.get_active()).values_list(
            "translation_key", "name"
        )
    )
    for item in requests:
        item.theme_names = [
            names[theme.translation_key]
            for theme in item.themes.all()
            if theme.translation_key in names
        ]
    return requests
