from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from learning.demo import load_demo_content

DEMO_ADMIN_EMAIL = "admin@example.org"
DEMO_ADMIN_PASSWORD = "mariupol-reborn-demo"


class Command(BaseCommand):
    help = "Loads cities, themes and demo case studies. Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-admin",
            action="store_true",
            help="also create a demo administrator account and print its credentials (DEBUG only)",
        )

    def handle(self, *args, with_admin, **options):
        report = load_demo_content()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {len(report.created)} case studies created, "
                f"{len(report.updated)} updated, {len(report.unchanged)} already there."
            )
        )
        if with_admin:
            self._create_demo_admin()

    def _create_demo_admin(self):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are only created in development (DEBUG on).")
        User = get_user_model()
        if not User.objects.filter(email=DEMO_ADMIN_EMAIL).exists():
            User.objects.create_superuser(
                DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, first_name="Demo", last_name="Administrator"
            )
        self.stdout.write(
            f"Demo administrator: {DEMO_ADMIN_EMAIL} / {DEMO_ADMIN_PASSWORD} "
            "(sign in at http://127.0.0.1:8000/admin/)"
        )
