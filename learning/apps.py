from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning content"

    def ready(self):
        from . import signals  # noqa: F401
