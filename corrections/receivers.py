"""Keep open suggestions pointing at their passage as the article is edited."""

from __future__ import annotations

from django.dispatch import receiver

from newsroom.models import Revision
from newsroom.signals import demo_seeded, revision_created

from .anchoring import reanchor
from .models import Suggestion
from .services import SPANNED_STATES, suggestion_groups_refresh

# Suggestions without a span have nothing to follow; they only move to the new revision.
UNSPANNED_STATES = (Suggestion.AnchorState.NOT_FOUND, Suggestion.AnchorState.WHOLE_ARTICLE)
ANCHOR_FIELDS = ["anchor_state", "anchor_revision", "anchor_start", "anchor_end", "anchor_score"]


def suggestions_reanchor(*, article, revision) -> int:
    """Follow every open suggestion of ``article`` into ``revision``; returns how many.

    A spanned suggestion follows its passage from the revision it is anchored in; an
    orphaned one is looked for again from where the reader saw it, in case the passage
    came back. Each follows it within its own part (headline, body, caption…), comparing
    that part's text in the two revisions. Runs in the transaction that created the
    revision.
    """
    suggestions = list(
        Suggestion.objects.filter(article=article, status=Suggestion.Status.NEW).exclude(
            anchor_revision=revision
        )
    )
    if not suggestions:
        return 0
    source_ids = set()
    for suggestion in suggestions:
        if suggestion.anchor_state in SPANNED_STATES and suggestion.anchor_start is not None:
            source_ids.add(suggestion.anchor_revision_id)
        elif suggestion.anchor_state not in UNSPANNED_STATES:
            source_ids.add(suggestion.revision_id)
    sources = Revision.objects.filter(pk__in=source_ids).only(
        "pk", "title", "standfirst", "canonical_text", "lead_image_caption", "lead_image_credit"
    )
    sources = {source.pk: source for source in sources}
    for suggestion in suggestions:
        if suggestion.anchor_state in UNSPANNED_STATES:
            suggestion.anchor_revision = revision
            continue
        if suggestion.anchor_state in SPANNED_STATES and suggestion.anchor_start is not None:
            source = sources[suggestion.anchor_revision_id]
            start, end = suggestion.anchor_start, suggestion.anchor_end
        else:
            source = sources[suggestion.revision_id]
            start, end = suggestion.start or 0, suggestion.end or 0
        anchor = reanchor(
            source.part_text(suggestion.part),
            revision.part_text(suggestion.part),
            start=start,
            end=end,
            quote=suggestion.quote,
            prefix=suggestion.prefix,
            suffix=suggestion.suffix,
        )
        suggestion.anchor_state = str(anchor.state)
        suggestion.anchor_revision = revision
        suggestion.anchor_start = anchor.start
        suggestion.anchor_end = anchor.end
        suggestion.anchor_score = anchor.score
    Suggestion.objects.bulk_update(suggestions, ANCHOR_FIELDS, batch_size=500)
    # Passages that moved may now overlap others (or no longer): the queue's groups follow.
    suggestion_groups_refresh(article_id=article.pk)
    return len(suggestions)


@receiver(revision_created, dispatch_uid="corrections_reanchor_open_suggestions")
def reanchor_open_suggestions(sender, *, article, revision, previous, **kwargs) -> None:
    if previous is not None:
        suggestions_reanchor(article=article, revision=revision)


@receiver(demo_seeded)
def demo_seed_corrections(sender, stdout, **kwargs) -> None:
    """`manage.py seed_demo` also shows the corrections loop: notes, diffs, reader reports."""
    from .demo import demo_seed

    count = demo_seed()
    stdout.write(f"Demo corrections ready: change notes on 3 articles, {count} reader reports.")
