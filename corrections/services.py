"""State changes of suggestions and change notes; shared by views, the admin and commands."""

import hashlib

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.crypto import salted_hmac

from newsroom.models import Article, Revision

from . import anchoring
from .models import CONTEXT_MAX_LENGTH, Suggestion
from .ratelimits import rate_limit_hit

# --------------------------------------------------------------------------- reader reports


class SuggestionConflict(Exception):
    """An idempotency key already used for another article's suggestion."""


def ip_address_hash(*, ip: str) -> str:
    """A keyed hash of a client IP: stable enough to group one reader, useless to reverse."""
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
    # A whole-article report has no passage; the same words twice are still one report.
    extra = "" if quote else f"{replacement}\x1f{explanation}"
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
    return suggestion, True
