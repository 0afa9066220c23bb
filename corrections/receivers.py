"""Keep open suggestions pointing at their passage as the article is edited."""

from __future__ import annotations

from django.dispatch import receiver

from newsroom.models import Revision
from newsroom.signals import demo_seeded, revision_created

from . import anchoring
from .models import Suggestion
from .services import suggestion_groups_refresh

# Suggestions without a span have nothing to follow; they only move to the new revision.
UNSPANNED_STATES = (Suggestion.AnchorState.NOT_FOUND, Suggestion.AnchorState.WHOLE_ARTICLE)
ANCHOR_FIELDS = [
    "anchor_state",
    "anchor_revision",
    "anchor_start",
    "anchor_end",
    "anchor_score",
    "anchor_relocated",
    "anchor_lost_in",
]


def suggestion_follow(
    suggestion: Suggestion, *, old_text: str, new_text: str, revision: Revision
) -> None:
    """Set ``suggestion``'s anchor fields to where its passage is in ``revision``.

    ``old_text`` and ``new_text`` are the texts of the suggestion's part (see
    ``Revision.part_text``) in its source revision and in ``revision``.

    A spanned suggestion follows its passage as it is now in ``old_text`` (the text of its
    anchor revision, which may already have been edited since the reader saw it), with the
    context around it there. An orphaned one is looked for again from where the reader saw
    it (``old_text`` is then that revision), in case the passage came back. The stored
    state describes the passage against the reader's quote: FUZZY once its words differ,
    MOVED once it moved or its offsets shifted. Does not save.
    """
    spanned = suggestion.is_spanned
    if spanned:
        start, end = suggestion.anchor_start, suggestion.anchor_end
        quote = old_text[start:end]
        prefix, suffix = anchoring.context(old_text, start, end) if quote else ("", "")
    else:
        start, end = suggestion.start or 0, suggestion.end or 0
        quote, prefix, suffix = suggestion.quote, suggestion.prefix, suggestion.suffix
    anchor = anchoring.reanchor(
        old_text,
        new_text,
        start=start,
        end=end,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
    )
    suggestion.anchor_revision = revision
    if anchor.start is None:
        if spanned:  # this edit removed the passage
            suggestion.anchor_lost_in = revision
        suggestion.anchor_state = Suggestion.AnchorState.ORPHANED
        suggestion.anchor_start = suggestion.anchor_end = None
        suggestion.anchor_score = 0.0
        return
    passage = new_text[anchor.start : anchor.end]
    was = suggestion.anchor_state if spanned else Suggestion.AnchorState.EXACT
    if passage != suggestion.quote:
        state = Suggestion.AnchorState.FUZZY
        score = anchor.score if anchor.state == anchoring.AnchorState.FUZZY else None
        score = score if score is not None else (suggestion.anchor_score or anchor.score)
    elif (anchor.start, anchor.end) != (suggestion.start, suggestion.end) or (
        anchor.state == anchoring.AnchorState.MOVED or was == Suggestion.AnchorState.MOVED
    ):
        state, score = Suggestion.AnchorState.MOVED, 1.0
    else:
        state, score = Suggestion.AnchorState.EXACT, 1.0
    suggestion.anchor_state = state
    suggestion.anchor_start, suggestion.anchor_end = anchor.start, anchor.end
    suggestion.anchor_score = score
    suggestion.anchor_relocated = (spanned and suggestion.anchor_relocated) or anchor.relocated
    suggestion.anchor_lost_in = None


def suggestions_reanchor(*, article, revision) -> int:
    """Follow every open suggestion of ``article`` into ``revision``; returns how many.

    Each follows its passage within its own part (headline, body, caption…), comparing
    that part's text in the two revisions. Runs in the transaction that created the
    revision; see ``suggestion_follow``.
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
        if suggestion.is_spanned:
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
        if suggestion.is_spanned:
            source = sources[suggestion.anchor_revision_id]
        else:
            source = sources[suggestion.revision_id]
        suggestion_follow(
            suggestion,
            old_text=source.part_text(suggestion.part),
            new_text=revision.part_text(suggestion.part),
            revision=revision,
        )
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
    stdout.write(f"Demo corrections ready: change notes on 4 articles, {count} reader reports.")
