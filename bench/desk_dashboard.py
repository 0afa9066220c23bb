"""Time the standards dashboard and the CSV export, and count their queries.

    DJANGO_DEBUG=1 DATABASE_URL=... .venv/bin/python manage.py seed_load --articles 1000
    DJANGO_DEBUG=1 DATABASE_URL=... .venv/bin/python manage.py seed_load_suggestions \
        --suggestions 100000 --notes 1000
    DJANGO_DEBUG=1 DATABASE_URL=... .venv/bin/python bench/desk_dashboard.py

On PostgreSQL the script first runs VACUUM ANALYZE on the tables the dashboard reads, as
autovacuum would on a live site. This machine's PostgreSQL runs with autovacuum off, and
the bench database is freshly bulk-loaded: left as it is, no page is marked all-visible,
so every index-only read falls back to the table's wide rows, and the articles have no
statistics at all. BENCH_DASHBOARD_VACUUM=0 measures the database as it was loaded.

Each page is requested through Django's test client (no network, no server) as a member
of the Editors group, a few times; the table shows the median time and the query count.
The exports are read to their last byte, so the time is that of the whole file.
"""

import os
import statistics
import sys
import time
from pathlib import Path

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
from newsroom.models import Section  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", 7))
EXPORT_ROUNDS = int(os.environ.get("BENCH_EXPORT_ROUNDS", 3))
# `make bench` leaves the exports out: reading 100,000 rows takes tens of seconds a round.
EXPORTS = os.environ.get("BENCH_DASHBOARD_EXPORTS", "1") != "0"
VACUUM = os.environ.get("BENCH_DASHBOARD_VACUUM", "1") != "0"


def main() -> None:
    editor, _ = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client(HTTP_HOST="localhost")
    client.force_login(editor)
    dashboard = reverse("admin:corrections_suggestion_standards")
    export = reverse("admin:corrections_suggestion_export")
    section = Section.objects.order_by("pk").last()
    pages = {
        "dashboard, 7 days": f"{dashboard}?days=7",
        "dashboard, 30 days": dashboard,
        "dashboard, 90 days": f"{dashboard}?days=90",
        "dashboard, 90 days, one section": f"{dashboard}?days=90&section={section.pk}",
        "dashboard, 30 days, factual errors": f"{dashboard}?kind=factual",
    }
    vacuumed = VACUUM and connection.vendor == "postgresql"
    if vacuumed:
        with connection.cursor() as cursor:
            cursor.execute(
                "VACUUM ANALYZE corrections_suggestion, corrections_changenote, newsroom_article"
            )
    total = Suggestion.objects.count()
    state = ", after VACUUM ANALYZE" if vacuumed else ""
    print(f"{total} suggestions, {connection.vendor}{state}, median of {ROUNDS}\n")
    print("| page | median ms | of which in the database | queries |")
    print("| --- | --- | --- | --- |")
    # A baseline from the same run, for a busy machine: one scan of the whole table.
    baseline = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        list(Suggestion.objects.filter(explanation__contains="no such text").values("pk"))
        baseline.append((time.perf_counter() - started) * 1000)
    print(f"| baseline: one scan of every suggestion | {statistics.median(baseline):.0f} | | 1 |")
    for name, url in pages.items():
        median, database, queries, _size = measure(client, url, ROUNDS)
        print(f"| {name} | {median:.0f} | {database:.0f} | {queries} |")
    exports = {
        "export, open suggestions": f"{export}?status__exact=new",
        "export, every suggestion": f"{export}?status=all",
    }
    for name, url in exports.items() if EXPORTS else ():
        median, database, queries, size = measure(client, url, EXPORT_ROUNDS)
        print(
            f"| {name} ({size / 1e6:.1f} MB, median of {EXPORT_ROUNDS}) | {median:.0f} | "
            f"{database:.0f} | {queries} |"
        )


if __name__ == "__main__":
    main()
