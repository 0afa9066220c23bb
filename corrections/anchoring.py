"""Anchor reader-selected quotes to article text, and keep them anchored across edits.

A correction report stores a W3C TextQuoteSelector (quote, prefix, suffix) plus start/end
offsets into the article's canonical text. Offsets are Python ``str`` indices (code points).

* ``locate`` finds the quote in the exact revision the reader saw (on arrival).
* ``reanchor`` follows the passage into a new revision after an edit.
* ``context`` cuts the prefix/suffix the server stores, so they are consistent.

The overriding rule is *never anchor to the wrong place*: a report about a passage that was
deleted must become orphaned (editors then look at it by hand) rather than silently move to
an identical phrase somewhere else. A candidate location is therefore only accepted when
something other than the quote itself vouches for it: the surrounding text (prefix/suffix),
the diff between the revisions (the passage's characters survived there), or the passage
having been cut out and reinserted as a whole (a move).

This module is pure Python (no Django) so it is cheap to test and to reuse in tasks.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import edlib
from diff_match_patch import diff_match_patch

__all__ = [
    "CONTEXT_MAX_WIDTH",
    "CONTEXT_MIN_WIDTH",
    "DIFF_TIMEOUT",
    "MAX_EDIT_RATIO",
    "MIN_CONTEXT_SIMILARITY",
    "MIN_MOVE_QUOTE_LENGTH",
    "MIN_ONE_SIDE_SIMILARITY",
    "MIN_PRESERVED",
    "MIN_QUOTE_SIMILARITY",
    "SHORT_QUOTE_LENGTH",
    "WINDOW_MARGIN",
    "Anchor",
    "AnchorState",
    "context",
    "locate",
    "reanchor",
]

# Smallest context worth storing: below ~32 chars a prefix rarely disambiguates repeats.
CONTEXT_MIN_WIDTH = 32
# Largest context stored: more only adds text that is likely to be edited itself.
CONTEXT_MAX_WIDTH = 64
# A fuzzy match must keep 3/4 of the quote: a one-word fix in a sentence passes, a rewrite not.
MIN_QUOTE_SIMILARITY = 0.75
# edlib search bound, the mirror of MIN_QUOTE_SIMILARITY (k = 25 % of the quote length).
MAX_EDIT_RATIO = 1.0 - MIN_QUOTE_SIMILARITY
# Mean prefix/suffix similarity that counts as "context supports this place"; unrelated
# English text scores ~0.3-0.45 against a stored context, so 0.6 keeps a clear margin.
MIN_CONTEXT_SIMILARITY = 0.6
# ...or one side alone this close (a moved paragraph keeps only one neighbour); random text
# never gets near it (max ~0.5 on one side), so it still cannot vouch for an unrelated place.
MIN_ONE_SIDE_SIMILARITY = 0.9
# Quotes shorter than this ("Tuesday", "Smith") occur by chance; they always need context.
SHORT_QUOTE_LENGTH = 12
# A quote that was unique in the old text, left its place and is unique in the new text is
# taken to have moved there without context support only if this long (rarely retyped).
MIN_MOVE_QUOTE_LENGTH = 20
# Fraction of the passage the diff must keep as unchanged text for the diff alone to vouch
# for a location; below it the passage was essentially deleted or rewritten.
MIN_PRESERVED = 0.5
# Characters searched on each side of the diff-mapped position before searching everywhere.
WINDOW_MARGIN = 512
# Seconds diff-match-patch may spend; beyond it the diff is coarser but still correct.
DIFF_TIMEOUT = 0.05
# edlib returns only the best-distance hits; re-run with them masked to see runners-up.
_FUZZY_ROUNDS = 4
# Bound the work on a quote that repeats pathologically often ("the").
_MAX_OCCURRENCES = 2000
# Byte used by the edlib encoding for every character that does not occur in the query.
_OTHER = 255


class AnchorState(enum.StrEnum):
    """How a stored passage relates to the current text (stored as a short string)."""

    EXACT = "exact"
    MOVED = "moved"
    FUZZY = "fuzzy"
    ORPHANED = "orphaned"


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a passage is in a text; ``start``/``end`` are ``None`` when orphaned."""

    state: AnchorState
    start: int | None
    end: int | None
    score: float  # 1.0 for exact/moved, 0..1 for fuzzy, 0.0 orphaned


_ORPHANED = Anchor(AnchorState.ORPHANED, None, None, 0.0)


# --------------------------------------------------------------------------- context


def context(text: str, start: int, end: int, *, width: int = 48) -> tuple[str, str]:
    """Return the (prefix, suffix) around ``text[start:end]`` to store with a quote.

    At most ``width`` code points are taken on each side (``width`` is clamped to
    32..64). If the cut would fall inside a word, it is moved to the word boundary (whitespace)
    as long as the side keeps at least 32 characters; otherwise the hard cut is kept (e.g. for
    scripts without spaces). Sides are shorter at the start/end of the text.
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"invalid span {start}:{end} for text of length {len(text)}")
    width = max(CONTEXT_MIN_WIDTH, min(CONTEXT_MAX_WIDTH, width))

    cut = start - width
    if cut <= 0:
        prefix = text[:start]
    else:
        if not text[cut - 1].isspace() and not text[cut].isspace():
            limit = start - CONTEXT_MIN_WIDTH
            pos = cut
            while pos < limit and not text[pos].isspace():
                pos += 1
            if pos < limit:  # found whitespace; start right after it
                cut = pos + 1
        prefix = text[cut:start]

    cut = end + width
    if cut >= len(text):
        suffix = text[end:]
    else:
        if not text[cut - 1].isspace() and not text[cut].isspace():
            limit = end + CONTEXT_MIN_WIDTH
            pos = cut - 1
            while pos >= limit and not text[pos].isspace():
                pos -= 1
            if pos >= limit:  # found whitespace; stop just before it
                cut = pos
        suffix = text[end:cut]
    return prefix, suffix


# --------------------------------------------------------------------------- locate


def _occurrences(text: str, quote: str, lo: int = 0, hi: int | None = None) -> list[int]:
    """Start offsets of (possibly overlapping) exact occurrences, via a ``str.find`` loop."""
    hi = len(text) if hi is None else hi
    found: list[int] = []
    pos = text.find(quote, lo, hi)
    while pos != -1 and len(found) < _MAX_OCCURRENCES:
        found.append(pos)
        pos = text.find(quote, pos + 1, hi)
    return found


def _prefix_run(text: str, pos: int, prefix: str) -> int:
    """How many characters of ``prefix``, read backwards, match the text before ``pos``."""
    n = 0
    limit = min(len(prefix), pos)
    while n < limit and prefix[-1 - n] == text[pos - 1 - n]:
        n += 1
    return n


def _suffix_run(text: str, pos: int, suffix: str) -> int:
    """How many characters of ``suffix``, read forwards, match the text from ``pos``."""
    n = 0
    limit = min(len(suffix), len(text) - pos)
    while n < limit and suffix[n] == text[pos + n]:
        n += 1
    return n


def locate(
    text: str,
    *,
    quote: str,
    prefix: str = "",
    suffix: str = "",
    hint: int | None = None,
) -> Anchor | None:
    """Find ``quote`` in the revision the reader saw.

    Several exact occurrences are told apart by how many characters of ``prefix`` and
    ``suffix`` match around each one; the browser's ``hint`` offset (which may be wrong) only
    breaks ties. Returns ``None`` when the quote is not in the text (the caller keeps the
    report, flagged) and for an empty quote, which means "the whole article" and has no span.
    """
    if not quote:
        return None
    positions = _occurrences(text, quote)
    if not positions:
        return None
    best = positions[0]
    if len(positions) > 1:
        n = len(quote)

        def key(pos: int) -> tuple[int, int]:
            runs = _prefix_run(text, pos, prefix) + _suffix_run(text, pos + n, suffix)
            return runs, -abs(pos - hint) if hint is not None else 0

        best = max(positions, key=key)  # max() keeps the first on full ties
    return Anchor(AnchorState.EXACT, best, best + len(quote), 1.0)


# --------------------------------------------------------------------------- edit distance


def _codes(query: str) -> tuple[dict[str, int], bool]:
    """Map the query's characters to byte codes for edlib (limited to 256 symbols).

    Characters absent from the query never match it, so they can all share one code without
    changing any distance; that keeps Chinese or emoji-rich articles within edlib's limit.
    Only a query with more than 255 distinct characters must share codes (``exact`` False),
    in which case distances are lower bounds and are re-checked.
    """
    codes: dict[str, int] = {}
    exact = True
    for ch in query:
        if ch not in codes:
            if len(codes) < _OTHER:
                codes[ch] = len(codes)
            else:
                codes[ch] = ord(ch) % _OTHER
                exact = False
    return codes, exact


def _encode(text: str, codes: dict[str, int]) -> bytes:
    table = {ord(ch): codes.get(ch, _OTHER) for ch in set(text)}
    return text.translate(table).encode("latin-1")


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (global alignment) between two short strings."""
    if a == b:
        return 0
    if not a or not b:
        return max(len(a), len(b))
    codes, exact = _codes(a)
    if exact:
        res = edlib.align(_encode(a, codes), _encode(b, codes), mode="NW", task="distance")
        return res["editDistance"]
    dmp = diff_match_patch()
    dmp.Diff_Timeout = DIFF_TIMEOUT
    return dmp.diff_levenshtein(dmp.diff_main(a, b, False))


def _side_similarity(stored: str, actual: str) -> float:
    """Similarity in [0, 1] of a stored context side to the text at the same place.

    ``actual`` starts at the quote boundary and may run a little longer than ``stored``; the
    alignment is anchored at the boundary and free at the far end (edlib "SHW").
    """
    if not stored:
        return 1.0
    if not actual:
        return 0.0
    if actual.startswith(stored):
        return 1.0
    codes, exact = _codes(stored)
    res = edlib.align(_encode(stored, codes), _encode(actual, codes), mode="SHW", task="distance")
    sim = 1.0 - res["editDistance"] / len(stored)
    return max(0.0, sim) if exact else max(0.0, sim - 0.1)  # shared codes flatter the match


def _context_similarity(
    text: str, start: int, end: int, prefix: str, suffix: str
) -> tuple[float, bool]:
    """Similarity of the stored prefix/suffix to the text around ``text[start:end]``.

    Returns the mean over the stored sides and whether the context supports the place (mean
    high enough, or one substantial side nearly identical). An empty stored side carries no
    information and is left out; with neither side stored nothing is supported.
    """
    sims: list[float] = []
    one_side = False
    for stored, actual in (
        (prefix[::-1], text[max(0, start - len(prefix) * 5 // 4 - 1) : start][::-1]),
        (suffix, text[end : end + len(suffix) * 5 // 4 + 1]),
    ):
        if stored:
            sim = _side_similarity(stored, actual)
            sims.append(sim)
            one_side |= sim >= MIN_ONE_SIDE_SIMILARITY and len(stored) >= CONTEXT_MIN_WIDTH // 2
    if not sims:
        return 0.0, False
    mean = sum(sims) / len(sims)
    return mean, one_side or mean >= MIN_CONTEXT_SIMILARITY


# --------------------------------------------------------------------------- diff


class _Diff:
    """A character diff of two revisions, reduced to what anchoring needs."""

    __slots__ = ("ops",)

    def __init__(self, old: str, new: str) -> None:
        dmp = diff_match_patch()
        dmp.Diff_Timeout = DIFF_TIMEOUT
        diffs = dmp.diff_main(old, new, True)
        # Only shift edit boundaries to word edges: a full semantic cleanup would fold short
        # unchanged runs (e.g. a one-word passage between two deletions) into the edits and
        # lose track of them.
        dmp.diff_cleanupSemanticLossless(diffs)
        # (op, old_a, old_b, new_a, new_b) with op in {-1 delete, 0 equal, 1 insert}
        self.ops: list[tuple[int, int, int, int, int]] = []
        i = j = 0
        for op, chunk in diffs:
            n = len(chunk)
            if op == 0:
                self.ops.append((0, i, i + n, j, j + n))
                i, j = i + n, j + n
            elif op < 0:
                self.ops.append((-1, i, i + n, j, j))
                i += n
            else:
                self.ops.append((1, i, i, j, j + n))
                j += n

    def map_span(self, start: int, end: int) -> tuple[int, int, float]:
        """Map an old span to the new text; also return the fraction kept unchanged.

        A start inside deleted text maps to where the deletion was; an end inside deleted
        text maps past any text inserted in its place, so a rewritten span maps to its
        replacement.
        """
        new_start = new_end = None
        kept = 0
        ops = self.ops
        for idx, (op, oa, ob, na, _nb) in enumerate(ops):
            if op == 0:
                kept += max(0, min(ob, end) - max(oa, start))
            if op == 1:
                continue
            if new_start is None and oa <= start < ob:
                new_start = na + (start - oa) if op == 0 else na
            if new_end is None and oa < end <= ob:
                if op == 0:
                    new_end = na + (end - oa)
                else:
                    k = idx + 1
                    new_end = na
                    while k < len(ops) and ops[k][0] != 0:
                        new_end = ops[k][4]
                        k += 1
            if oa >= end:
                break
        last = ops[-1][4] if ops else 0
        new_start = last if new_start is None else new_start
        new_end = last if new_end is None else new_end
        new_end = max(new_start, new_end)
        return new_start, new_end, kept / max(1, end - start)


# --------------------------------------------------------------------------- reanchor


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    quote_sim: float
    context_sim: float
    context_ok: bool  # the stored prefix/suffix vouch for this place
    tracked: bool  # the diff says the passage's surviving characters are here
    moved: bool  # a long quote, unique in both revisions, left its place and is here now

    def accepted(self, quote_len: int) -> bool:
        if self.quote_sim < MIN_QUOTE_SIMILARITY:
            return False
        by_context = self.context_ok
        if quote_len < SHORT_QUOTE_LENGTH:
            return by_context
        return by_context or self.tracked or self.moved

    def rank(self, near: int, text_len: int) -> float:
        """Confidence in [0, 1]; also orders accepted candidates."""
        evidence = 1.0 if self.tracked or self.moved else 0.0
        proximity = 1.0 - min(1.0, abs(self.start - near) / max(1, text_len))
        return 0.55 * self.quote_sim + 0.30 * self.context_sim + 0.10 * evidence + 0.05 * proximity


class _Search:
    """State shared by the candidate searches of one ``reanchor`` call."""

    def __init__(
        self,
        new_text: str,
        mapped: tuple[int, int],
        preserved: float,
        quote: str,
        prefix: str,
        suffix: str,
    ) -> None:
        self.text = new_text
        self.mapped = mapped
        self.preserved = preserved
        self.quote = quote
        self.prefix = prefix
        self.suffix = suffix
        self.seen: set[tuple[int, int]] = set()
        self.codes, self.codes_exact = _codes(quote)
        self.query = bytes(self.codes[ch] for ch in quote)

    def candidate(self, start: int, end: int, quote_sim: float | None = None) -> _Candidate:
        text, quote = self.text, self.quote
        if quote_sim is None:
            span = text[start:end]
            quote_sim = 1.0 - _distance(quote, span) / max(len(quote), len(span), 1)
        ms, me = self.mapped
        overlap = min(end, me) - max(start, ms)
        tracked = self.preserved >= MIN_PRESERVED and overlap * 2 >= (end - start)
        ctx, ctx_ok = _context_similarity(text, start, end, self.prefix, self.suffix)
        return _Candidate(start, end, quote_sim, ctx, ctx_ok, tracked, moved=False)

    def best(self, candidates: list[_Candidate]) -> _Candidate | None:
        n = len(self.quote)
        ok = [c for c in candidates if c.accepted(n)]
        if not ok:
            return None
        near, size = self.mapped[0], len(self.text)
        return max(ok, key=lambda c: c.rank(near, size))

    def exact(self, old_text: str) -> list[_Candidate]:
        """Exact occurrences; a lone one may be the whole passage moved elsewhere."""
        n = len(self.quote)
        found = [self.candidate(pos, pos + n, 1.0) for pos in _occurrences(self.text, self.quote)]
        if (
            len(found) == 1
            and n >= MIN_MOVE_QUOTE_LENGTH
            and self.preserved < MIN_PRESERVED
            and len(_occurrences(old_text, self.quote)) == 1
        ):
            found[0].moved = True
        return found

    def fuzzy(self, lo: int, hi: int) -> list[_Candidate]:
        """edlib infix search of the quote in ``text[lo:hi]``, runners-up included."""
        k = int(len(self.quote) * MAX_EDIT_RATIO)
        target = bytearray(_encode(self.text[lo:hi], self.codes))
        found: list[_Candidate] = []
        for _ in range(_FUZZY_ROUNDS):
            res = edlib.align(self.query, bytes(target), mode="HW", task="locations", k=k)
            if res["editDistance"] < 0 or not res["locations"]:
                break
            for loc_start, loc_end in res["locations"]:
                if loc_start is None:
                    continue
                span = (lo + loc_start, lo + loc_end + 1)
                target[loc_start : loc_end + 1] = bytes([_OTHER]) * (loc_end + 1 - loc_start)
                if span in self.seen or span[0] >= span[1]:
                    continue
                self.seen.add(span)
                if self.codes_exact:
                    n = max(len(self.quote), span[1] - span[0])
                    found.append(self.candidate(*span, 1.0 - res["editDistance"] / n))
                else:
                    found.append(self.candidate(*span))
        return found


def reanchor(
    old_text: str,
    new_text: str,
    *,
    start: int,
    end: int,
    quote: str,
    prefix: str = "",
    suffix: str = "",
) -> Anchor:
    """Follow a stored passage from ``old_text`` into ``new_text`` after an edit.

    Tries, in order: same offsets with the same text and context (EXACT); the offsets mapped
    through a diff of the revisions (MOVED); exact occurrences of the quote vouched for by
    context, the diff, or a whole-passage move (MOVED); edlib fuzzy matches near the mapped
    position, then anywhere (FUZZY). A location is only accepted with such evidence, so a
    deleted passage whose wording also appears elsewhere becomes ORPHANED instead of latching
    onto the wrong place. An empty quote (an article-level report) has no span: ORPHANED.
    """
    if not quote:
        return _ORPHANED
    n = len(quote)
    if not 0 <= start <= end <= len(old_text) or old_text[start:end] != quote:
        # Stale offsets: re-find the passage in the old revision before following it.
        found = locate(old_text, quote=quote, prefix=prefix, suffix=suffix, hint=start)
        if found is not None:
            start, end = found.start, found.end
        else:
            start = max(0, min(start, len(old_text)))
            end = max(start, min(end, len(old_text)))

    if (
        new_text[start:end] == quote
        and new_text.endswith(prefix, 0, start)
        and new_text.startswith(suffix, end)
    ):
        return Anchor(AnchorState.EXACT, start, end, 1.0)

    diff = _Diff(old_text, new_text)
    if old_text[start:end] == quote:
        ms, me, preserved = diff.map_span(start, end)
    else:  # the passage was never in the old text; only context can vouch for a place
        ms, me, preserved = diff.map_span(start, max(start + 1, end))
        preserved = 0.0
    search = _Search(new_text, (ms, me), preserved, quote, prefix, suffix)

    if new_text[ms:me] == quote:
        cand = search.candidate(ms, me, 1.0)
        if cand.accepted(n) or preserved >= 1.0:  # every character tracked by the diff
            state = AnchorState.EXACT if (ms, me) == (start, end) else AnchorState.MOVED
            return Anchor(state, ms, me, 1.0)

    best = search.best(search.exact(old_text))
    if best is not None:
        return Anchor(AnchorState.MOVED, best.start, best.end, 1.0)

    margin = max(WINDOW_MARGIN, 4 * n)
    lo, hi = max(0, ms - margin), min(len(new_text), me + margin)
    best = search.best(search.fuzzy(lo, hi))
    if best is None and (lo > 0 or hi < len(new_text)):
        best = search.best(search.fuzzy(0, len(new_text)))
    if best is None:
        return _ORPHANED
    if new_text[best.start : best.end] == quote:
        return Anchor(AnchorState.MOVED, best.start, best.end, 1.0)
    score = best.rank(ms, len(new_text))
    return Anchor(AnchorState.FUZZY, best.start, best.end, round(min(1.0, score), 4))
