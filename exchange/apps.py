from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = "Knowledge requests"

    def ready(self):
        from . import signals  # noqa: F401
