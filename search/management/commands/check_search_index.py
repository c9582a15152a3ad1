from django.core.management.base import BaseCommand, CommandError

from search.indexing import check_index, elasticsearch_enabled
from search.service import ENGINE_ERRORS


class Command(BaseCommand):
    help = (
        "Compares the Elasticsearch index with the database and reports case studies that are "
        "missing, stale or extra; --fix rewrites them. Exits with status 1 if drift remains."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="repair what differs")

    def handle(self, *args, fix, **options):
        if not elasticsearch_enabled():
            raise CommandError("ELASTICSEARCH_URL is not set: the database engine needs no index.")
        try:
            drift = check_index(fix=fix)
        except ENGINE_ERRORS as error:
            raise CommandError(f"Elasticsearch could not be reached: {error}") from None
        for kind in ("missing", "stale", "extra"):
            ids = getattr(drift, kind)
            self.stdout.write(f"{kind}: {len(ids)}" + (f" (page ids {ids[:20]})" if ids else ""))
        if drift.clean:
            self.stdout.write(self.style.SUCCESS("The index matches the database."))
        elif fix:
            self.stdout.write(self.style.SUCCESS("Repaired."))
        else:
            raise CommandError("The index differs from the database; run with --fix to repair.")
