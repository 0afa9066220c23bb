"""Time the editors' suggestion queue and count its queries on the configured database.

    DJANGO_DEBUG=1 DATABASE_URL=... .venv/bin/python manage.py seed_load --articles 1000
    DJANGO_DEBUG=1 DATABASE_URL=... .venv/bin/python manage.py seed_load_suggestions \
        --suggestions 10000 --notes 1000
    DJANGO_DEBUG=1 DATABASE_URL=... .venv/bin/python bench/desk_queue.py

Each page is requested through Django's test client (no network, no server) as a member
of the Editors group, a few times; the table shows the median time and the query count.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlencode

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()

from desk_timing import measure  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from corrections.models import Suggestion  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", 7))


def main() -> None:
    editor, _ = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client(HTTP_HOST="localhost")
    client.force_login(editor)
    queue = reverse("admin:corrections_suggestion_changelist")
    one = Suggestion.objects.group_leads().by_triage().first()
    # One report's own words, as an editor looks for a particular one (the broad search
    # above matches about a quarter of all suggestions, and the admin counts every match).
    reported = Suggestion.objects.exclude(replacement="").order_by("pk")
    one_report = reported[reported.count() // 2].replacement
    pages = {
        "queue (open groups, most serious first)": queue,
        "queue, all statuses": f"{queue}?status=all",
        "queue, rejected": f"{queue}?status=rejected",
        "queue, search": f"{queue}?q=replacement+1",
        "queue, search one report": f"{queue}?{urlencode({'q': one_report})}",
        "queue, page 20": f"{queue}?p=20",
        "suggestion page": reverse("admin:corrections_suggestion_change", args=[one.pk]),
    }
    total = Suggestion.objects.count()
    print(f"{total} suggestions, {connection.vendor}, median of {ROUNDS}\n")
    print("| page | median ms | of which in the database | queries |")
    print("| --- | --- | --- | --- |")
    for name, url in pages.items():
        median, database, queries, _size = measure(client, url, ROUNDS)
        print(f"| {name} | {median:.0f} | {database:.0f} | {queries} |")


if __name__ == "__main__":
    main()
