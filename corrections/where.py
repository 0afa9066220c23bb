"""Where a reader's passage is now, said in words for the corrections desk.

The anchor fields of a suggestion record where its passage is in the latest revision; this
module turns them into what an editor needs to read: unchanged, moved, edited here, or
removed in revision N (with that revision, whose stored body diff shows the change).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import pgettext_lazy as pgettext

from newsroom.models import Revision


class Whereabouts(models.TextChoices):
    """How the passage relates to what the reader quoted (not stored; derived)."""

    UNCHANGED = "unchanged", pgettext("passage", "Unchanged")
    SHIFTED = "shifted", pgettext("passage", "Unchanged, text around it edited")
    MOVED = "moved", pgettext("passage", "Moved")
    EDITED = "edited", pgettext("passage", "Edited here")
    MOVED_EDITED = "moved_edited", pgettext("passage", "Moved and edited")
    REMOVED = "removed", pgettext("passage", "Removed")
    NOT_FOUND = "not_found", pgettext("passage", "Quote not found")
    WHOLE_ARTICLE = "whole_article", pgettext("passage", "Whole article")


# The stored word diff of each part of a revision against the one before it.
DIFF_FIELDS = {
    "headline": "title_diff_html",
    "standfirst": "standfirst_diff_html",
    "body": "body_diff_html",
    "caption": "caption_diff_html",
    "credit": "credit_diff_html",
}


@dataclass(frozen=True)
class WhereNow:
    state: Whereabouts
    sentence: str  # translated, ready to show
    revision_number: int | None  # the revision the anchor is in (the latest followed)
    passage: str  # the passage's text there now ("" when there is none)
    lost_in: Revision | None = None  # for REMOVED: the revision whose edit removed it

    part: str = "body"  # the part of the article the passage is in (Suggestion.Part)

    @property
    def lost_diff_html(self) -> str:
        """The stored, escaped diff of that part in the change that removed the passage."""
        if self.lost_in is None:
            return ""
        return getattr(self.lost_in, DIFF_FIELDS.get(self.part, "body_diff_html"))


def where_now(suggestion, *, passage: str | None = None) -> WhereNow:
    """``passage``: the anchored text, when the caller has read it already (the queue reads
    it with a substring in SQL rather than every anchor revision's whole text)."""
    from .models import Suggestion

    state = suggestion.anchor_state
    revision = suggestion.anchor_revision
    number = revision.number if revision is not None else None
    if state == Suggestion.AnchorState.WHOLE_ARTICLE:
        return WhereNow(
            Whereabouts.WHOLE_ARTICLE,
            gettext("The report is about the whole article."),
            number,
            "",
        )
    if state == Suggestion.AnchorState.NOT_FOUND:
        return WhereNow(
            Whereabouts.NOT_FOUND,
            gettext("The quote was not in the text the reader saw, so it cannot be followed."),
            number,
            "",
        )
    if state == Suggestion.AnchorState.ORPHANED or suggestion.anchor_start is None:
        lost = suggestion.anchor_lost_in
        if lost is not None:
            sentence = gettext(
                "Removed in revision %(number)s: that edit deleted or rewrote the passage, "
                "and it is not in the article now."
            ) % {"number": lost.number}
        else:
            sentence = gettext("The passage is no longer in the article.")
        return WhereNow(Whereabouts.REMOVED, sentence, number, "", lost, suggestion.part)

    if passage is None:
        text = revision.part_text(suggestion.part)
        passage = text[suggestion.anchor_start : suggestion.anchor_end]
    same_words = passage == suggestion.quote
    values = {"number": number, "passage": passage}
    if suggestion.anchor_relocated:
        if same_words:
            kind = Whereabouts.MOVED
            sentence = gettext(
                "Moved: the same words are now in another place, in revision %(number)s."
            )
        else:
            kind = Whereabouts.MOVED_EDITED
            sentence = gettext(
                "Moved and edited: in revision %(number)s the passage is in another place "
                "and reads “%(passage)s”."
            )
    elif not same_words:
        kind = Whereabouts.EDITED
        sentence = gettext(
            "Edited here since the reader saw it: in revision %(number)s it reads “%(passage)s”."
        )
    elif revision.pk == suggestion.revision_id or (
        suggestion.anchor_start,
        suggestion.anchor_end,
    ) == (suggestion.start, suggestion.end):
        kind = Whereabouts.UNCHANGED
        sentence = gettext("Unchanged: still where the reader saw it (revision %(number)s).")
    else:
        kind = Whereabouts.SHIFTED
        sentence = gettext(
            "Unchanged: the same words, followed through edits around them (revision %(number)s)."
        )
    return WhereNow(kind, sentence % values, number, passage, part=suggestion.part)
