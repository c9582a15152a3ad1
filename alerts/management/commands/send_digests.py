from django.core.management.base import BaseCommand

from alerts.digests import send_due


class Command(BaseCommand):
    help = (
        "Emails each member the case studies their saved searches and follows matched since "
        "their last digest: at most one email per member a day or a week (as they chose). "
        "Safe to run often: run it every hour or every morning."
    )

    def handle(self, *args, **options):
        sent = send_due()
        self.stdout.write(f"{sent} digest(s) sent.")
