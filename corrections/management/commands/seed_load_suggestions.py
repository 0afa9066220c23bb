"""Bulk reader suggestions and change notes for benchmarks of the desk.

Its own command rather than options of ``seed_load``: newsroom must not know corrections,
and a command of a later app cannot replace one of an earlier app. Run ``seed_load
--articles N`` first; this spreads suggestions over the published articles there are.
"""

import random
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from corrections.anchoring import context
from corrections.models import ChangeNote, Suggestion
from corrections.services import suggestion_groups_refresh
from newsroom.models import Article

BATCH_SIZE = 1000
# A realistic queue: most suggestions are still open, the rest decided one way or another.
STATUS_WEIGHTS = {
    Suggestion.Status.NEW: 60,
    Suggestion.Status.REJECTED: 20,
    Suggestion.Status.SPAM: 15,
    Suggestion.Status.ACCEPTED: 5,
}


class Command(BaseCommand):
    help = "Bulk-create reader suggestions and change notes on existing published articles."

    def add_arguments(self, parser):
        parser.add_argument("--suggestions", type=int, default=0)
        parser.add_argument("--notes", type=int, default=0)
        parser.add_argument("--seed", type=int, default=1)

    @transaction.atomic
    def handle(self, *args, **options):
        # Reproducible data, not security: a seeded generator is what we want.
        rng = random.Random(options["seed"])  # noqa: S311
        articles = list(
            Article.objects.filter(status=Article.Status.PUBLISHED, current_revision__isnull=False)
            .select_related("current_revision")
            .order_by("pk")
        )
        if not articles:
            raise CommandError("No published articles: run seed_load --articles N first.")
        now = timezone.now()

        notes = [
            ChangeNote(
                article=article,
                kind=rng.choice(ChangeNote.Kind.values),
                text=f"Generated note {index}.",
                published_at=now - timedelta(minutes=index),
                revision_after=article.current_revision,
            )
            for index, article in enumerate(rng.choices(articles, k=options["notes"]))
        ]
        ChangeNote.objects.bulk_create(notes, batch_size=BATCH_SIZE)
        notes_by_article = {note.article_id: note for note in notes}

        statuses, weights = zip(*STATUS_WEIGHTS.items(), strict=True)
        suggestions = []
        for index in range(options["suggestions"]):
            article = rng.choice(articles)
            revision = article.current_revision
            text = revision.canonical_text
            start = rng.randrange(0, max(1, len(text) - 40))
            start = text.rfind(" ", 0, start) + 1
            end = min(len(text), start + rng.randint(4, 40))
            prefix, suffix = context(text, start, end)
            status = rng.choices(statuses, weights)[0]
            note = notes_by_article.get(article.pk)
            if status == Suggestion.Status.ACCEPTED and note is None:
                status = Suggestion.Status.REJECTED
            suggestions.append(
                Suggestion(
                    article=article,
                    revision=revision,
                    quote=text[start:end],
                    prefix=prefix,
                    suffix=suffix,
                    start=start,
                    end=end,
                    anchor_revision=revision,
                    anchor_start=start,
                    anchor_end=end,
                    anchor_score=1.0,
                    kind=rng.choice(Suggestion.Kind.values),
                    replacement=f"replacement {index}" if index % 2 else "",
                    explanation=f"Generated suggestion {index}.",
                    status=status,
                    public_reason="Generated." if status == Suggestion.Status.REJECTED else "",
                    change_note=note if status == Suggestion.Status.ACCEPTED else None,
                    decided_at=now if status != Suggestion.Status.NEW else None,
                )
            )
        Suggestion.objects.bulk_create(suggestions, batch_size=BATCH_SIZE)
        # created_at is auto_now_add; spread the suggestions over the last 60 days.
        ids = [suggestion.pk for suggestion in suggestions]
        created = [now - timedelta(minutes=rng.randrange(60 * 24 * 60)) for _ in suggestions]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # One statement instead of bulk_update's CASE per batch: 100,000 rows in
                # seconds rather than minutes.
                cursor.execute(
                    "UPDATE corrections_suggestion SET created_at = new.created_at "
                    "FROM unnest(%s::bigint[], %s::timestamptz[]) AS new(id, created_at) "
                    "WHERE corrections_suggestion.id = new.id",
                    [ids, created],
                )
                # Fresh statistics, or the planner guesses from an empty table and sorts it all.
                cursor.execute("ANALYZE corrections_suggestion, corrections_changenote")
        else:
            Suggestion.objects.bulk_update(
                [Suggestion(pk=pk, created_at=at) for pk, at in zip(ids, created, strict=True)],
                ["created_at"],
                batch_size=BATCH_SIZE,
            )
        # The queue reads its groups from the suggestions, as the reader flow leaves them.
        for article_id in sorted({suggestion.article_id for suggestion in suggestions}):
            suggestion_groups_refresh(article_id=article_id)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE corrections_suggestion")
        self.stdout.write(
            f"Created {len(suggestions)} suggestions and {len(notes)} change notes "
            f"over {len(articles)} articles."
        )
