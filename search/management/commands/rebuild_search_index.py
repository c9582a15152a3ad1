from django.core.management.base import BaseCommand, CommandError

from search.indexing import elasticsearch_enabled, rebuild_index
from search.service import ENGINE_ERRORS


class Command(BaseCommand):
    help = (
        "Rebuilds the Elasticsearch index into a new index and switches the alias to it when "
        "done: searches keep working during the rebuild and no old index is left behind."
    )

    def handle(self, *args, **options):
        if not elasticsearch_enabled():
            raise CommandError("ELASTICSEARCH_URL is not set: the database engine needs no index.")
        try:
            count = rebuild_index(progress=self._progress)
        except ENGINE_ERRORS as error:
            raise CommandError(f"Elasticsearch could not be reached: {error}") from None
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} case studies."))

    def _progress(self, done, total):
        width = 30
        filled = width * done // max(total, 1)
        self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        self.stdout.flush()
