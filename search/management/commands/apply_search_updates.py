from django.core.management.base import BaseCommand, CommandError

from search.indexing import apply_pending_updates, elasticsearch_enabled
from search.models import PendingIndexUpdate
from search.service import ENGINE_ERRORS


class Command(BaseCommand):
    help = "Applies queued search index updates now (for example after Elasticsearch was down)."

    def handle(self, *args, **options):
        if not elasticsearch_enabled():
            raise CommandError("ELASTICSEARCH_URL is not set: there is nothing to apply.")
        try:
            applied = apply_pending_updates()
        except ENGINE_ERRORS as error:
            waiting = PendingIndexUpdate.objects.count()
            raise CommandError(
                f"Elasticsearch could not be reached ({error}); {waiting} update(s) stay queued."
            ) from None
        self.stdout.write(self.style.SUCCESS(f"Applied {applied} queued update(s)."))
