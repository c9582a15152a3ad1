from django.conf import settings
from django.core.management.base import BaseCommand

from learning.tasks import send_freshness_reminders


class Command(BaseCommand):
    help = (
        "Emails each expert and coordinator the case studies of their city that are due for a "
        "check (not verified for FRESHNESS_MONTHS months), once a month however often it runs."
    )

    def handle(self, *args, **options):
        sent = send_freshness_reminders.call()
        self.stdout.write(
            self.style.SUCCESS(
                f"Sent {sent} reminder(s) of case studies not verified for "
                f"{settings.FRESHNESS_MONTHS} months."
            )
        )
