from django.core.management.base import BaseCommand, CommandError

from search import request_index, vectors
from search.engines import elastic_index
from search.indexing import elasticsearch_enabled, rebuild_database_index, rebuild_index
from search.service import ENGINE_ERRORS
from search.vector_index import fill_missing, missing_count


class Command(BaseCommand):
    help = (
        "Rebuilds the database engine's index in one transaction and, when ELASTICSEARCH_URL "
        "is set, the Elasticsearch index into a new index whose alias is switched when done: "
        "searches keep working during the rebuild and no old index is left behind. The same for "
        "the knowledge requests. Semantic vectors are computed for the case studies that lack "
        "one, unless SEARCH_VECTORS is off."
    )

    def handle(self, *args, **options):
        self.stdout.write("Database index:")
        count = rebuild_database_index(progress=self._progress)
        self._done(count)
        self._done_requests(request_index.rebuild_database())
        if vectors.available() and missing_count():
            # Before Elasticsearch's rebuild, whose documents carry them.
            self.stdout.write("Semantic vectors of the case studies that lack one:")
            count = fill_missing(progress=self._progress)
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS(f"Computed {count} vectors."))
        if not elasticsearch_enabled():
            return
        self.stdout.write("Elasticsearch index:")
        try:
            count = rebuild_index(progress=self._progress)
            self._done(count)
            requests = request_index.rebuild_elasticsearch(elastic_index.client(timeout=120))
        except ENGINE_ERRORS as error:
            raise CommandError(f"Elasticsearch could not be reached: {error}") from None
        except elastic_index.AnalysisUnavailable as error:
            raise CommandError(str(error)) from None
        self._done_requests(requests)

    def _done(self, count):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} case studies."))

    def _done_requests(self, count):
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} knowledge requests."))

    def _progress(self, done, total):
        width = 30
        filled = width * done // max(total, 1)
        self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        self.stdout.flush()
