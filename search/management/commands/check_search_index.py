from django.core.management.base import BaseCommand, CommandError

from search import vectors
from search.engines.elastic_index import AnalysisUnavailable, IndexOutdated
from search.indexing import check_database_index, check_index, elasticsearch_enabled
from search.service import ENGINE_ERRORS
from search.vector_index import fill_missing, missing_count


class Command(BaseCommand):
    help = (
        "Compares the database engine's index and, when ELASTICSEARCH_URL is set, the "
        "Elasticsearch index with the case studies, and reports case studies that are missing, "
        "stale or extra; --fix rewrites them. Exits with status 1 if drift remains. Also says "
        "how many case studies wait for their semantic vector (the queued task computes them; "
        "--fix does it at once, and queues them for Elasticsearch)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="repair what differs")

    def handle(self, *args, fix, **options):
        if vectors.available():
            waiting = missing_count()
            self.stdout.write(f"Semantic vectors: {waiting} case studies wait for theirs.")
            if fix and waiting:  # Elasticsearch's documents follow with the queued updates
                fill_missing(elasticsearch=elasticsearch_enabled())
        checks = [("Database index", check_database_index)]
        if elasticsearch_enabled():
            checks.append(("Elasticsearch index", check_index))
        drifted = []
        for name, check in checks:
            try:
                drift = check(fix=fix)
            except ENGINE_ERRORS as error:
                raise CommandError(f"Elasticsearch could not be reached: {error}") from None
            except (AnalysisUnavailable, IndexOutdated) as error:
                raise CommandError(str(error)) from None
            self.stdout.write(f"{name}:")
            for kind in ("missing", "stale", "extra"):
                ids = getattr(drift, kind)
                self.stdout.write(
                    f"  {kind}: {len(ids)}" + (f" (page ids {ids[:20]})" if ids else "")
                )
            if not drift.clean:
                drifted.append(name)
        if not drifted:
            self.stdout.write(self.style.SUCCESS("The indexes match the case studies."))
        elif fix:
            self.stdout.write(self.style.SUCCESS("Repaired."))
        else:
            raise CommandError(
                f"{', '.join(drifted)} differ(s) from the case studies; run with --fix to repair."
            )
