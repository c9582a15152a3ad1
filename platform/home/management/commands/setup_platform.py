from django.core.management.base import BaseCommand

from home.structure import ensure_platform_structure


class Command(BaseCommand):
    help = "Creates the languages, home pages, city pages and seed themes that are missing."

    def handle(self, *args, **options):
        home = ensure_platform_structure()
        self.stdout.write(self.style.SUCCESS(f"Platform structure ready under '{home.title}'."))
