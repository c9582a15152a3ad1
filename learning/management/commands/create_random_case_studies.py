import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from learning.random_content import RandomCaseStudies


class Command(BaseCommand):
    help = (
        "Creates N random but realistic case studies across cities, themes, tags and languages, "
        "with bulk inserts, for benchmarks. Run setup_platform first; afterwards, "
        "rebuild_search_index fills Elasticsearch (the database search index is filled here)."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=2023)

    def handle(self, *args, count, seed, **options):
        if count < 1:
            raise CommandError("count must be at least 1")
        started = time.monotonic()
        generator = RandomCaseStudies(seed=seed)
        if not generator.cities:
            raise CommandError("No city pages: run manage.py setup_platform first.")
        generator.create(count, progress=self._progress)
        with connection.cursor() as cursor:  # fresh statistics, as after any bulk load
            cursor.execute("ANALYZE")
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {count} case studies in {seconds:.1f} s ({count / seconds:.0f}/s)."
            )
        )

    def _progress(self, done, total):
        if done == total or done % 5000 == 0:
            self.stdout.write(f"  {done}/{total}")
