from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learning.importing import ImportRejected, import_case_studies, load_items


class Command(BaseCommand):
    help = (
        "Imports case studies from a JSON file (format: docs/import.md). The file is checked "
        "as a whole: if anything is wrong, every problem is listed and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="path of the JSON file")

    def handle(self, *args, file, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            items = load_items(text)
            report = import_case_studies(items, progress=self._progress)
        except ImportRejected as rejected:
            for problem in rejected.problems:
                self.stderr.write(f"{file}: {problem}")
            raise CommandError(str(rejected)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {file}: {len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged."
            )
        )

    def _progress(self, done, total):
        if total >= 50 and (done % 50 == 0 or done == total):
            self.stdout.write(f"  {done}/{total} case studies written")
