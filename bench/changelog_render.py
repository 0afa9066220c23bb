"""How long the changelog of an article with 50 revisions takes to render.

Reports, never asserts: median of 20 renders through Django's test client (no network,
no server), each revision with its note. Run:

    .venv/bin/python bench/changelog_render.py            # SQLite in a temporary file
    DATABASE_URL=postgres://... .venv/bin/python bench/changelog_render.py

It adds one article (in a section of its own) to the database named by DATABASE_URL, so
`make bench` runs it on the bench database; never point it at real data.
"""

import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from newsroom.cache import article_changed  # noqa: E402

REVISIONS = 50
RENDERS = 20


def main() -> None:
    from corrections.models import ChangeNote
    from factories import edit_article, make_article, make_change_note, make_section

    setup_test_environment()
    call_command("migrate", verbosity=0)
    label = f"changelog-bench-{uuid.uuid4().hex[:8]}"
    article = make_article(slug=label, section=make_section(slug=label))
    paragraphs = [
        f"Paragraph {number} says the harbour wall will cost a sum." for number in range(30)
    ]
    for number in range(1, REVISIONS):
        paragraphs[number % 30] = f"Paragraph {number % 30} now says version {number} changed it."
        revision = edit_article(article, body="\n\n".join(paragraphs))
        make_change_note(
            article=article,
            kind=list(ChangeNote.Kind)[number % len(ChangeNote.Kind)],
            text=f"Note for version {number + 1}.",
            revision_after=revision,
        )
    url = f"{article.get_absolute_url()}changes/"
    client = Client()
    assert client.get(url).status_code == 200  # warm templates and connections
    timings = []
    for _ in range(RENDERS):
        # Time the render itself, not a page-cache hit: forget the cached page first.
        article_changed(article)
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200
    connection.force_debug_cursor = True
    article_changed(article)
    reset_queries()
    client.get(url)
    queries = len(connection.queries)
    print(
        f"changelog, {article.revisions.count()} revisions, {connection.vendor}: "
        f"median {statistics.median(timings) * 1000:.1f} ms, "
        f"min {min(timings) * 1000:.1f} ms, max {max(timings) * 1000:.1f} ms "
        f"over {RENDERS} renders; {queries} queries; {len(response.content) // 1024} KiB"
    )


if __name__ == "__main__":
    main()
