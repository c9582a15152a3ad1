from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "platform_search"
    verbose_name = "Search"

    def ready(self):
        from . import signals  # noqa: F401
