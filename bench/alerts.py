"""Measures the background task that matches one publication against the saved searches and
follows of every member (alerts.tasks.match_publication), on SQLite, the default set-up. The
target: one publication against 10,000 saved searches in at most 2 s.

It makes a throw-away SQLite database (or reuses the one given with --database) with N random
case studies (create_random_case_studies), then members with saved searches made of the random
content's words in the four languages (one to three words, a phrase now and then, with and
without filters, some with filters only) and follows of themes and cities. It publishes case
studies one by one as an editor does (the task queued, not run) and times the task for each;
the first in a fresh process, with the lemmatisers and the glossary still to load, apart.
Beside it, the naive way for a sample of the saved searches: each run through the search
service (sorted newest first, one result), extrapolated to all of them.

Usage: .venv/bin/python bench/alerts.py [--case-studies 10000] [--saved-searches 10000]
       [--follows 2000] [--members 2000] [--publications 10] [--database PATH] [--json]
bench/run runs it on the SQLite database of its own run, after the servers have stopped.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
NAIVE_SAMPLE = 300


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--case-studies", type=int, default=10_000)
    parser.add_argument("--saved-searches", type=int, default=10_000)
    parser.add_argument("--follows", type=int, default=2_000)
    parser.add_argument("--members", type=int, default=2_000)
    parser.add_argument("--publications", type=int, default=10)
    parser.add_argument("--database", help="a SQLite file to reuse (made if missing)")
    parser.add_argument("--json", action="store_true", help="the figures as JSON (bench/run)")
    args = parser.parse_args()
    path = Path(args.database or Path(tempfile.mkdtemp()) / "alerts.sqlite3").resolve()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{path}",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        # The task is queued by the publication, not run: it is timed on its own.
        "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "ELASTICSEARCH_URL": "",
        "PYTHONPATH": f"{ROOT}:{ROOT / 'platform'}",
    }
    if not path.exists():
        for command in (
            ["migrate", "-v0"],
            ["setup_platform"],
            ["create_random_case_studies", str(args.case_studies)],
        ):
            print("manage.py", *command, flush=True, file=sys.stderr)
            subprocess.run(
                [PYTHON, str(ROOT / "manage.py"), *command],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
    os.environ.update(env)
    sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
    import django

    django.setup()
    bench = AlertsBench(random.Random(2023))
    bench.subscribe(args.members, args.saved_searches, args.follows)
    figures = bench.measure(args.publications)
    print(json.dumps({**figures, **bench.counts}) if args.json else bench.report(figures))


class AlertsBench:
    def __init__(self, rng):
        self.random = rng

    def subscribe(self, members, saved_searches, follows):
        """Members (approved: in the members group, a tenth daily, a twentieth with emails
        off), each with saved searches and follows, replacing those of an earlier run."""
        from django.contrib.auth import get_user_model
        from django.db import transaction

        from alerts.models import AlertSettings, Follow, Frequency, SavedSearch
        from members.roles import members_group

        User = get_user_model()
        with transaction.atomic():
            User.objects.filter(email__endswith="@alerts.bench").delete()
            users = User.objects.bulk_create(
                User(email=f"member{i}@alerts.bench", password="!", language="en")
                for i in range(members)
            )
            users = list(User.objects.filter(email__endswith="@alerts.bench"))
            members_group().user_set.add(*users)
            AlertSettings.objects.bulk_create(
                AlertSettings(
                    user=user, frequency=Frequency.DAILY if i % 10 == 0 else Frequency.NEVER
                )
                for i, user in enumerate(users)
                if i % 10 == 0 or i % 20 == 1
            )
            searches = {}
            while len(searches) < saved_searches:
                user = self.random.choice(users)
                params = self._search_params()
                searches[(user.pk, params)] = SavedSearch(user=user, name="bench", params=params)
            SavedSearch.objects.bulk_create(searches.values(), batch_size=1000)
            chosen = {}
            while len(chosen) < follows:
                user = self.random.choice(users)
                kind = self.random.choice(["theme", "city"])
                slug = self.random.choice(self.themes if kind == "theme" else self.cities)
                chosen[(user.pk, kind, slug)] = Follow(user=user, kind=kind, slug=slug)
            Follow.objects.bulk_create(chosen.values(), batch_size=1000)
        self.counts = {
            "members": members,
            "saved searches": saved_searches,
            "follows": follows,
        }

    def _search_params(self):
        """A saved search as members would make them: words of the random content's subjects
        and tags in any of the four languages, now and then a phrase, a quarter with filters,
        some with filters only; the glossary on, as by default, for nine in ten."""
        from django.http import QueryDict

        from alerts.services import search_params

        r = self.random
        params = QueryDict(mutable=True)
        kind = r.random()
        if kind < 0.9:
            subject = r.choice(self.subjects)
            words = subject.split()
            if kind < 0.15 and len(words) > 1:
                text = f'"{subject}"'
            else:
                text = " ".join(r.sample(words + [r.choice(self.tags)], r.randint(1, 2)))
            params["q"] = text
        if kind >= 0.7:
            for name, values in (
                ("city", self.cities),
                ("theme", self.themes),
                ("status", ["planned", "ongoing", "completed"]),
                ("locale", ["en", "uk", "nl", "pl"]),
            ):
                if r.random() < 0.4:
                    params.setlist(name, r.sample(values, r.randint(1, 2)))
            if r.random() < 0.2:
                params["year_from"] = str(r.randint(2010, 2022))
        if r.random() < 0.1 and "q" in params:
            params["glossary"] = "off"
        return search_params(params)

    @property
    def subjects(self):
        from learning.random_content import ENGLISH, VOCABULARIES

        return [s for words in (ENGLISH, *VOCABULARIES.values()) for s in words["subjects"]]

    @property
    def tags(self):
        from learning.random_content import TAG_WORDS

        return TAG_WORDS

    @property
    def themes(self):
        from learning.models import Theme

        return sorted(set(Theme.objects.values_list("slug", flat=True)))

    @property
    def cities(self):
        from cities.models import CityPage

        return sorted(set(CityPage.objects.values_list("slug", flat=True)))

    def measure(self, publications):
        from alerts.models import NewMatch
        from alerts.tasks import match_publication

        seconds, matches = [], []
        for _ in range(publications):
            page, revision = self._publish()
            before = NewMatch.objects.count()
            started = time.perf_counter()
            match_publication.call(page.pk, revision.pk)
            seconds.append(time.perf_counter() - started)
            matches.append(NewMatch.objects.count() - before)
        return {
            "first": seconds[0],
            "median": statistics.median(seconds[1:] or seconds),
            "max": max(seconds[1:] or seconds),
            "matches": statistics.median(matches),
            "naive": self._naive(page),
        }

    def _publish(self):
        """A new case study like the random ones, published under a city as an editor does."""
        from learning.models import CaseStudyPage

        model = CaseStudyPage.objects.filter(external_id__startswith="random-").order_by("?")[0]
        page = CaseStudyPage(
            title=f"{model.title} (bench {time.time_ns()})",
            summary=model.summary,
            body=model.body.raw_data,
            period_start=model.period_start,
            period_end=model.period_end,
            status=model.status,
            results=model.results,
        )
        page.themes = list(model.themes.all())
        model.city.add_child(instance=page)
        revision = page.save_revision()
        revision.publish()
        return page, revision

    def _naive(self, page):
        """Seconds for all saved searches the naive way: each through the search service
        (newest first: the new case study would come first), timed on a sample."""
        from dataclasses import replace

        from django.http import QueryDict

        from alerts.models import SavedSearch
        from learning.visibility import member_request
        from search.facets import allowed_values
        from search.query import parse_search_params
        from search.service import search

        valid = allowed_values()
        saved = list(SavedSearch.objects.select_related("user").order_by("?")[:NAIVE_SAMPLE])
        started = time.perf_counter()
        for each in saved:
            query = parse_search_params(QueryDict(each.params), valid)
            query = replace(query, sort="newest", page_size=1)
            hits = search(query, member_request(each.user), log=False).hits
            _found = bool(hits) and hits[0].page.pk == page.pk
        per_search = (time.perf_counter() - started) / len(saved)
        return per_search * self.counts["saved searches"]

    def report(self, figures):
        counts = ", ".join(f"{value:,} {name}" for name, value in self.counts.items())
        return "\n".join(
            [
                f"Matching one publication against {counts} (SQLite):",
                f"  first publication in a fresh process: {figures['first']:.2f} s",
                f"  median of the next: {figures['median']:.2f} s (slowest {figures['max']:.2f} s)",
                f"  matches recorded per publication (median): {figures['matches']:.0f}",
                f"  naive, each saved search through the search service: {figures['naive']:.1f} s",
            ]
        )


if __name__ == "__main__":
    main()
