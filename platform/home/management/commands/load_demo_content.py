from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from learning.demo import ensure_members_only_examples
from members.demo import PASSWORD

from ...demo import load_demo_accounts, load_demo_content


class Command(BaseCommand):
    help = "Loads cities, themes and demo case studies. Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-accounts",
            action="store_true",
            help="also create one demo account per role and print them (DEBUG only)",
        )

    def handle(self, *args, with_accounts, **options):
        if with_accounts and not settings.DEBUG:
            raise CommandError("Demo accounts are only created in development (DEBUG on).")
        report = load_demo_content()
        ensure_members_only_examples()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {len(report.created)} case studies created, "
                f"{len(report.updated)} updated, {len(report.unchanged)} already there."
            )
        )
        if with_accounts:
            self._print_accounts(load_demo_accounts())

    def _print_accounts(self, rows):
        self.stdout.write(f"Demo accounts (password for each: {PASSWORD}):")
        for email, role, status in rows:
            note = " (waiting for approval)" if status == "pending" else ""
            self.stdout.write(f"  {role:<14} {email}{note}")
        self.stdout.write(
            f"Sign in at {settings.PLATFORM_BASE_URL}/en/accounts/login/. Moderators and "
            "administrators set up two-factor authentication before the editing area opens; in "
            "development "
            "the code 000000 is accepted."
        )
