"""State changes of suggestions and change notes: one function per step.

Every function here is called by views, the admin, commands and tests alike. A reader's
report arrives through `suggestion_submit`; each editor's decision checks the editor's
permission, refuses a transition the workflow does not allow, runs in one transaction
(all or nothing), and enqueues notifications only once that transaction has committed.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from newsroom.models import Article, Revision
from newsroom.services import article_save

from . import anchoring
from .models import CONTEXT_MAX_LENGTH, ChangeNote, Suggestion
from .ratelimits import rate_limit_hit

REVIEW_PERMISSION = "corrections.review_suggestion"
PUBLISH_NOTE_PERMISSION = "corrections.add_changenote"
# Suggestions whose span is known in their anchor revision; only they can overlap others.
SPANNED_STATES = (
    Suggestion.AnchorState.EXACT,
    Suggestion.AnchorState.MOVED,
    Suggestion.AnchorState.FUZZY,
)


class InvalidTransition(Exception):
    """A decision the workflow does not allow (e.g. deciding an already decided suggestion)."""


class ReplacementNotApplicable(Exception):
    """The suggested replacement cannot be applied to the article text automatically."""


def _require(user, permission: str) -> None:
    if user is None or not user.is_active or not user.has_perm(permission):
        raise PermissionDenied(_("You are not allowed to do this."))


def _require_open(suggestions: Iterable[Suggestion]) -> None:
    for suggestion in suggestions:
        if suggestion.status != Suggestion.Status.NEW:
            raise InvalidTransition(
                _("Suggestion %(id)s was already decided (%(status)s); only new ones can be.")
                % {"id": suggestion.pk, "status": suggestion.get_status_display()}
            )


def _lock(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """Re-read the suggestions under a row lock, so two editors cannot decide one twice."""
    ids = [suggestion.pk for suggestion in suggestions]
    locked = list(Suggestion.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(locked) != len(set(ids)):
        raise InvalidTransition(_("A suggestion no longer exists."))
    return locked


def _notify_readers(suggestions: Iterable[Suggestion]) -> None:
    from .tasks import notify_reader_decision

    for suggestion in suggestions:
        if suggestion.email and suggestion.notify_consent:
            transaction.on_commit(
                lambda pk=suggestion.pk: notify_reader_decision.enqueue(pk), robust=True
            )


def suggestion_created(suggestion: Suggestion) -> None:
    """Tell the authors and the desk about a new suggestion, once it is committed.

    The reader flow calls this right after it has stored a new suggestion (inside or
    outside a transaction: the email task is enqueued only after the commit).
    """
    from .tasks import notify_new_suggestion

    transaction.on_commit(lambda: notify_new_suggestion.enqueue(suggestion.pk), robust=True)


# --------------------------------------------------------------------------- groups


def suggestion_group_filter(suggestion: Suggestion) -> Q:
    """The open suggestions whose current span overlaps this one's (itself included).

    Spans are compared in the same anchor revision: re-anchoring moves every open
    suggestion of an article to its newest revision, so open ones share it.
    """
    if suggestion.anchor_state not in SPANNED_STATES or suggestion.anchor_start is None:
        return Q(pk=suggestion.pk)
    return Q(pk=suggestion.pk) | Q(
        article_id=suggestion.article_id,
        status=Suggestion.Status.NEW,
        anchor_state__in=SPANNED_STATES,
        anchor_revision_id=suggestion.anchor_revision_id,
        anchor_start__lt=suggestion.anchor_end,
        anchor_end__gt=suggestion.anchor_start,
    )


def suggestion_group_sizes(suggestions: Iterable[Suggestion]) -> dict[int, int]:
    """How many open suggestions overlap each given one (itself included if open).

    One query for a whole page of the queue: a correlated COUNT per given suggestion,
    served by the (article, status) index, so its cost grows with the page, not the table.
    """
    ids = [suggestion.pk for suggestion in suggestions]
    if not ids:
        return {}
    overlapping = (
        Suggestion.objects.filter(
            article_id=OuterRef("article_id"),
            anchor_revision_id=OuterRef("anchor_revision_id"),
            status=Suggestion.Status.NEW,
            anchor_state__in=SPANNED_STATES,
            anchor_start__lt=OuterRef("anchor_end"),
            anchor_end__gt=OuterRef("anchor_start"),
        )
        .order_by()
        .values("article_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        Suggestion.objects.filter(pk__in=ids, anchor_state__in=SPANNED_STATES)
        .annotate(n=Subquery(overlapping))
        .values_list("pk", "n")
    )
    return {pk: n or 0 for pk, n in rows}


def suggestion_group(suggestion: Suggestion) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(suggestion_group_filter(suggestion)).order_by("created_at")


def _members(suggestion: Suggestion, *, group: bool) -> list[Suggestion]:
    if not group:
        return [suggestion]
    members = list(suggestion_group(suggestion).filter(status=Suggestion.Status.NEW))
    # The chosen suggestion itself is always decided, and decided first in error messages.
    return [suggestion, *(member for member in members if member.pk != suggestion.pk)]


# --------------------------------------------------------------------------- notes


def change_note_publish(
    *,
    article: Article,
    editor,
    kind: str,
    text: str,
    revision_before: Revision | None = None,
    revision_after: Revision | None = None,
) -> ChangeNote:
    """Publish a change note on an article (the record of what changed and why)."""
    _require(editor, PUBLISH_NOTE_PERMISSION)
    if kind not in ChangeNote.Kind.values:
        raise ValueError(f"unknown change note kind {kind!r}")
    text = text.strip()
    if not text:
        raise ValueError(_("A change note needs a public text."))
    with transaction.atomic():
        return ChangeNote.objects.create(
            article=article,
            kind=kind,
            text=text,
            editor=editor,
            revision_before=revision_before,
            revision_after=revision_after or article.current_revision,
        )


# --------------------------------------------------------------------------- apply a fix


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def suggestion_replacement_check(suggestion: Suggestion, article: Article | None = None) -> int:
    """Where the suggestion's quote is in the article's Markdown source; raise if unsure.

    The quote must occur exactly once in the current revision's canonical text (what the
    reader can see) and exactly once in the Markdown body (what the editor edits), or the
    fix could land on the wrong words. Returns the offset in the Markdown body.
    """
    article = article or suggestion.article
    if not suggestion.quote:
        raise ReplacementNotApplicable(_("This suggestion is about the whole article."))
    if not suggestion.replacement:
        raise ReplacementNotApplicable(_("The reader did not suggest a replacement text."))
    current = article.current_revision
    seen = current.canonical_text.count(suggestion.quote) if current else 0
    if seen == 0:
        raise ReplacementNotApplicable(
            _("The passage is no longer in the article; edit the article by hand.")
        )
    if seen > 1:
        raise ReplacementNotApplicable(
            _("The passage occurs %(count)s times in the article; edit the article by hand.")
            % {"count": seen}
        )
    in_source = article.body.count(suggestion.quote)
    if in_source != 1:
        raise ReplacementNotApplicable(
            _(
                "The passage cannot be matched to the article’s Markdown source (formatting "
                "or repeated text); edit the article by hand."
            )
        )
    return article.body.index(suggestion.quote)


def _apply_replacement(suggestion: Suggestion, editor) -> tuple[Revision, Revision]:
    article = Article.objects.select_for_update().get(pk=suggestion.article_id)
    before = article.current_revision
    position = suggestion_replacement_check(suggestion, article)
    quote, replacement = suggestion.quote, suggestion.replacement
    article.body = article.body[:position] + replacement + article.body[position + len(quote) :]
    after = article_save(article=article, user=editor)
    old_text = before.canonical_text
    start = old_text.index(quote)
    expected = old_text[:start] + replacement + old_text[start + len(quote) :]
    if after is None or _squash(after.canonical_text) != _squash(expected):
        # The source text also formats the passage (or the replacement is Markdown): the
        # reader would not see exactly the fix the editor approved.
        raise ReplacementNotApplicable(
            _("Applying the replacement would change more than the passage; edit by hand.")
        )
    return before, after


# --------------------------------------------------------------------------- decisions


def _accept(
    suggestions: Sequence[Suggestion],
    *,
    editor,
    note_kind: str,
    note_text: str,
    apply_replacement: bool,
) -> ChangeNote:
    _require(editor, REVIEW_PERMISSION)
    _require(editor, PUBLISH_NOTE_PERMISSION)
    if not suggestions:
        raise InvalidTransition(_("No suggestion to accept."))
    articles = {suggestion.article_id for suggestion in suggestions}
    if len(articles) != 1:
        raise InvalidTransition(_("One change note can only resolve suggestions of one article."))
    with transaction.atomic():
        locked = _lock(suggestions)
        _require_open(locked)
        first = next(s for s in locked if s.pk == suggestions[0].pk)
        revision_before = revision_after = None
        if apply_replacement:
            revision_before, revision_after = _apply_replacement(first, editor)
        article = Article.objects.select_related("current_revision").get(pk=first.article_id)
        note = change_note_publish(
            article=article,
            editor=editor,
            kind=note_kind,
            text=note_text,
            revision_before=revision_before,
            revision_after=revision_after or article.current_revision,
        )
        now = timezone.now()
        for suggestion in locked:
            suggestion.status = Suggestion.Status.ACCEPTED
            suggestion.change_note = note
            suggestion.decided_at = now
            suggestion.decided_by = editor
        Suggestion.objects.bulk_update(
            locked, ["status", "change_note", "decided_at", "decided_by"]
        )
        _notify_readers(locked)
    return note


def suggestion_accept(
    *,
    suggestion: Suggestion,
    editor,
    note_kind: str,
    note_text: str,
    apply_replacement: bool = False,
    group: bool = False,
) -> ChangeNote:
    """Accept a suggestion (and, with ``group``, its open overlapping ones) with a note.

    With ``apply_replacement`` the reader's replacement replaces the quote in the article
    (a new Revision, recorded on the note as the revision after); see
    ``suggestion_replacement_check`` for when that is refused.
    """
    return _accept(
        _members(suggestion, group=group),
        editor=editor,
        note_kind=note_kind,
        note_text=note_text,
        apply_replacement=apply_replacement,
    )


def suggestions_accept(
    *, suggestions: Sequence[Suggestion], editor, note_kind: str, note_text: str
) -> ChangeNote:
    """Accept several suggestions of one article with one change note (bulk action)."""
    return _accept(
        list(suggestions),
        editor=editor,
        note_kind=note_kind,
        note_text=note_text,
        apply_replacement=False,
    )


def _decide(
    suggestions: Sequence[Suggestion], *, editor, status: str, **fields
) -> list[Suggestion]:
    _require(editor, REVIEW_PERMISSION)
    with transaction.atomic():
        locked = _lock(suggestions)
        _require_open(locked)
        now = timezone.now()
        for suggestion in locked:
            suggestion.status = status
            suggestion.decided_at = now
            suggestion.decided_by = editor
            for name, value in fields.items():
                setattr(suggestion, name, value)
        Suggestion.objects.bulk_update(locked, ["status", "decided_at", "decided_by", *fields])
        if status != Suggestion.Status.SPAM:
            _notify_readers(locked)
    return locked


def suggestion_reject(
    *, suggestion: Suggestion, editor, reason: str, group: bool = False
) -> list[Suggestion]:
    """Reject a suggestion (or its group) with a reason the reader is shown."""
    return suggestions_reject(
        suggestions=_members(suggestion, group=group), editor=editor, reason=reason
    )


def suggestions_reject(*, suggestions: Sequence[Suggestion], editor, reason: str):
    reason = reason.strip()
    if not reason:
        raise ValueError(_("A rejection needs a reason for the reader."))
    return _decide(
        list(suggestions), editor=editor, status=Suggestion.Status.REJECTED, public_reason=reason
    )


def suggestion_mark_duplicate(
    *, suggestion: Suggestion, editor, original: Suggestion
) -> Suggestion:
    """Mark a suggestion as a duplicate of another about the same article."""
    if original.pk == suggestion.pk:
        raise InvalidTransition(_("A suggestion cannot duplicate itself."))
    if original.article_id != suggestion.article_id:
        raise InvalidTransition(_("The original must be about the same article."))
    if original.duplicate_of_id == suggestion.pk:
        raise InvalidTransition(_("That suggestion is already a duplicate of this one."))
    (decided,) = _decide(
        [suggestion],
        editor=editor,
        status=Suggestion.Status.DUPLICATE,
        duplicate_of=original,
    )
    return decided


def suggestions_mark_spam(*, suggestions: Sequence[Suggestion], editor) -> list[Suggestion]:
    """Mark suggestions as spam; spam is never answered."""
    return _decide(list(suggestions), editor=editor, status=Suggestion.Status.SPAM)


def suggestion_mark_spam(*, suggestion: Suggestion, editor) -> Suggestion:
    (decided,) = suggestions_mark_spam(suggestions=[suggestion], editor=editor)
    return decided


# --------------------------------------------------------------------------- reader reports


class SuggestionConflict(Exception):
    """An idempotency key already used for another article's suggestion."""


def ip_address_hash(*, ip: str) -> str:
    """A keyed hash of a client IP: stable enough to group one reader, useless to reverse.

    An IPv6 client usually holds a whole /64 and can pick any address in it, so the /64
    is what identifies the reader (and what the per-reader rate limit counts).
    """
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        address = None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is None:
        ip = str(ipaddress.IPv6Network((address, 64), strict=False).network_address) + "/64"
    elif isinstance(address, ipaddress.IPv6Address):
        ip = str(address.ipv4_mapped)
    return salted_hmac("corrections.suggestion.ip", ip, algorithm="sha256").hexdigest()


def _fingerprint(*, ip_hash: str, article: Article, quote: str, start, end, extra: str) -> str:
    parts = [ip_hash, str(article.pk), quote, str(start), str(end), extra]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _anchor_fields(*, revision: Revision, quote: str, prefix: str, suffix: str, hint) -> dict:
    """Where the quote is in the revision the reader saw; the browser's offsets only hint."""
    if not quote:
        return {"anchor_state": Suggestion.AnchorState.WHOLE_ARTICLE, "anchor_revision": revision}
    text = revision.canonical_text
    found = anchoring.locate(text, quote=quote, prefix=prefix, suffix=suffix, hint=hint)
    if found is None:
        # Kept and flagged for an editor, never dropped and never placed by guesswork.
        return {
            "anchor_state": Suggestion.AnchorState.NOT_FOUND,
            "anchor_revision": revision,
            "prefix": prefix[-CONTEXT_MAX_LENGTH:],
            "suffix": suffix[:CONTEXT_MAX_LENGTH],
        }
    prefix, suffix = anchoring.context(text, found.start, found.end)
    return {
        "anchor_state": Suggestion.AnchorState.EXACT,
        "prefix": prefix,
        "suffix": suffix,
        "start": found.start,
        "end": found.end,
        "anchor_revision": revision,
        "anchor_start": found.start,
        "anchor_end": found.end,
        "anchor_score": found.score,
    }


def _follow_into(anchor: dict, *, quote: str, seen: Revision, current: Revision) -> dict:
    if anchor["anchor_state"] != Suggestion.AnchorState.EXACT:
        return {"anchor_revision": current}
    found = anchoring.reanchor(
        seen.canonical_text,
        current.canonical_text,
        start=anchor["start"],
        end=anchor["end"],
        quote=quote,
        prefix=anchor["prefix"],
        suffix=anchor["suffix"],
    )
    return {
        "anchor_state": found.state,
        "anchor_revision": current,
        "anchor_start": found.start,
        "anchor_end": found.end,
        "anchor_score": found.score,
        "anchor_relocated": found.relocated,
        "anchor_lost_in": (
            _revision_that_removed(anchor, quote=quote, seen=seen, current=current)
            if found.start is None
            else None
        ),
    }


def _revision_that_removed(
    anchor: dict, *, quote: str, seen: Revision, current: Revision
) -> Revision | None:
    """The first revision after ``seen`` (up to ``current``) that no longer has the passage.

    The reader read an older page: follow the passage edit by edit, as the open reports
    were followed, so the desk can show the change that removed it. Rare (a report on a
    passage already gone) and bounded by the edits since that page.
    """
    start, end = anchor["start"], anchor["end"]
    text, passage = seen.canonical_text, quote
    prefix, suffix = anchor["prefix"], anchor["suffix"]
    later = Revision.objects.filter(
        article_id=seen.article_id, number__gt=seen.number, number__lte=current.number
    ).order_by("number")
    for revision in later.only("pk", "number", "canonical_text"):
        found = anchoring.reanchor(
            text,
            revision.canonical_text,
            start=start,
            end=end,
            quote=passage,
            prefix=prefix,
            suffix=suffix,
        )
        if found.start is None:
            return revision
        text = revision.canonical_text
        start, end = found.start, found.end
        passage = text[start:end]
        prefix, suffix = anchoring.context(text, start, end)
    return None  # followed edit by edit it survived: no single edit to blame


def _existing(*, article: Article, idempotency_key: str | None, fingerprint: str):
    match = Q(fingerprint=fingerprint)
    if idempotency_key:
        match |= Q(idempotency_key=idempotency_key, article=article)
    return Suggestion.objects.filter(match).first()


def suggestion_submit(
    *,
    article: Article,
    revision: Revision,
    quote: str = "",
    prefix: str = "",
    suffix: str = "",
    start_hint: int | None = None,
    kind: str = Suggestion.Kind.OTHER,
    replacement: str = "",
    explanation: str = "",
    source_url: str = "",
    email: str = "",
    notify_consent: bool = False,
    ip_hash: str,
    user_agent: str = "",
    input_method: str = Suggestion.InputMethod.FORM,
    idempotency_key: str | None = None,
) -> tuple[Suggestion, bool]:
    """Store a reader's suggestion; return it and whether it is new.

    A retried POST (same idempotency key) or the same reader reporting the same passage
    again (same fingerprint) returns the suggestion already stored instead of a second one,
    without counting against the rate limits. New suggestions count against the per-IP and
    per-article limits (raises ``ratelimits.RateLimited``). ``revision`` must belong to
    ``article``; the caller checks that, as it must tell the reader.
    """
    if revision.article_id != article.pk:
        raise ValueError("the revision belongs to another article")
    anchor = _anchor_fields(
        revision=revision, quote=quote, prefix=prefix, suffix=suffix, hint=start_hint
    )
    if article.current_revision_id not in (None, revision.pk):
        # Read on a page older than the article's latest edit: follow the passage into the
        # current text at once, so the desk sees it there and groups it with newer reports.
        anchor |= _follow_into(anchor, quote=quote, seen=revision, current=article.current_revision)
    # The same words about the same passage from the same address are one report (a
    # double click, a resent form). Different words are a different report: readers
    # behind one office or carrier address must never be merged into someone else's.
    extra = f"{replacement}\x1f{explanation}"
    fingerprint = _fingerprint(
        ip_hash=ip_hash,
        article=article,
        quote=quote,
        start=anchor.get("start"),
        end=anchor.get("end"),
        extra=extra,
    )
    idempotency_key = idempotency_key or None
    existing = _existing(article=article, idempotency_key=idempotency_key, fingerprint=fingerprint)
    if existing is not None:
        return existing, False

    rate_limit_hit(scope="ip", key=ip_hash)
    rate_limit_hit(scope="article", key=str(article.pk))

    suggestion = Suggestion(
        article=article,
        revision=revision,
        quote=quote,
        kind=kind,
        replacement=replacement,
        explanation=explanation,
        source_url=source_url,
        # Without consent an address is of no use to us, so it is not kept at all.
        email=email if notify_consent else "",
        notify_consent=bool(notify_consent and email),
        ip_hash=ip_hash,
        user_agent=user_agent[:300],
        input_method=input_method,
        idempotency_key=idempotency_key,
        fingerprint=fingerprint,
        **anchor,
    )
    try:
        with transaction.atomic():
            suggestion.save(force_insert=True)
    except IntegrityError:
        # A concurrent retry of the same dialog, or the same report, won the race.
        existing = _existing(
            article=article, idempotency_key=idempotency_key, fingerprint=fingerprint
        )
        if existing is None:
            raise SuggestionConflict(idempotency_key) from None
        return existing, False
    suggestion_created(suggestion)
    return suggestion, True
