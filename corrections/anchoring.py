"""Anchor reader-selected quotes to article text, and keep them anchored across edits.

A correction report stores a W3C TextQuoteSelector (quote, prefix, suffix) plus start/end
offsets into the article's canonical text. Offsets are Python ``str`` indices (code points).

* ``locate`` finds the quote in the exact revision the reader saw (on arrival).
* ``reanchor`` follows the passage into a new revision after an edit.
* ``context`` cuts the prefix/suffix the server stores, so they are consistent.

The overriding rule is *never anchor to the wrong place*: a report about a passage that was
deleted must become orphaned (editors then look at it by hand) rather than silently move to
an identical phrase somewhere else. News text repeats itself (key points, recaps, original
and revised lists, stock phrases), so looks are no evidence. Provenance is: the diff
between the revisions says where every surviving character came from, and text that
survived from another place of the old revision *is* that other place, never our passage.
Only the place the diff maps the passage to, or text new in the new revision (inserted,
or the target of a move, which is a delete plus an insert), can hold it; a new place must
also be vouched for by the stored context (measured within the passage's own block) or by
the passage having left its place as a whole, and must fit our context clearly better
than any other copy of the quote that also left its place.

This module is pure Python (no Django) so it is cheap to test and to reuse in tasks, and
works on any pair of texts (a body, a headline, a caption).
"""

from __future__ import annotations

import bisect
import enum
import functools
from dataclasses import dataclass

import edlib
from diff_match_patch import diff_match_patch

__all__ = [
    "CONTEXT_MAX_WIDTH",
    "CONTEXT_MIN_WIDTH",
    "DAMERAU_MAX_LENGTH",
    "DIFF_TIMEOUT",
    "MAX_EDIT_RATIO",
    "MAX_FOREIGN",
    "MAX_REPLACEMENT_RATIO",
    "MIN_BRACKETED_SIMILARITY",
    "MIN_CONTEXT_SIMILARITY",
    "MIN_MOVED_SIMILARITY",
    "MIN_MOVE_QUOTE_LENGTH",
    "MIN_ONE_SIDE_SIMILARITY",
    "MIN_PRESERVED",
    "MIN_QUOTE_SIMILARITY",
    "NEIGHBOUR_WIDTH",
    "SHORT_QUOTE_LENGTH",
    "TWIN_CONTEXT_MARGIN",
    "TWIN_SURVIVED",
    "WINDOW_MARGIN",
    "Anchor",
    "AnchorState",
    "clear_diff_cache",
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
# Characters of each neighbour (within the block) that must survive next to the mapped
# span for the diff alone to vouch for it, however much the passage itself changed.
NEIGHBOUR_WIDTH = 12
# Largest share of a candidate that may have survived from another place of the old text.
# A twin that survived is foreign almost entirely (a one-word variant ~90 %); a moved
# passage can lose a run to a look-alike sentence nearby when the diff aligns a shared
# opening ("Councillors voted by a ma...") with it, so half is tolerated.
MAX_FOREIGN = 0.5
# A replacement between two surviving neighbours is taken for the edited passage only up
# to this many times the quote's length (plus a little): beyond, it is new writing.
MAX_REPLACEMENT_RATIO = 3
# Text found between the passage's moved neighbours must still resemble the quote this much
# (a one-word change in a three-word quote), or it is new writing.
MIN_BRACKETED_SIMILARITY = 0.4
# A candidate elsewhere fits our stored context must fit it this much better than it fits
# the context of another copy of the quote that also left its place, or it may be that copy.
TWIN_CONTEXT_MARGIN = 0.15
# An old copy of the quote counts as still in place when this much of it survived there.
TWIN_SURVIVED = 0.9
# A lone close match in new text is the passage moved (and edited) when this similar.
MIN_MOVED_SIMILARITY = 0.85
# Quotes up to this long are compared with transpositions counted once ("palce").
DAMERAU_MAX_LENGTH = 40
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
    # The passage left its place and was found in text new in this revision (a moved
    # paragraph), as opposed to being followed where the diff put it.
    relocated: bool = False


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


# --------------------------------------------------------------------------- similarity


def _osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: Levenshtein plus adjacent transpositions.

    A reader's "palce" for "place" is one slip, not two; only used on short strings, where
    one transposition would otherwise cost a quarter of the similarity.
    """
    if a == b:
        return 0
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, previous2[j - 2] + 1)
            current[j] = best
        previous2, previous = previous, current
    return previous[-1]


def _similarity(quote: str, span: str) -> float:
    """1 - edit distance / length; transpositions count once in short quotes (Damerau)."""
    longest = max(len(quote), len(span), 1)
    if len(quote) <= DAMERAU_MAX_LENGTH and len(span) <= 2 * DAMERAU_MAX_LENGTH:
        return 1.0 - _osa_distance(quote, span) / longest
    return 1.0 - _distance(quote, span) / longest


def _block_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The block (paragraph, list item: a line of the canonical text) around a span."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return lo, len(text) if hi == -1 else hi


def _context_similarity(
    text: str, start: int, end: int, prefix: str, suffix: str
) -> tuple[float, bool]:
    """Similarity of the stored prefix/suffix to the text around ``text[start:end]``.

    Measured within the passage's own block: the part of a stored side beyond a block
    boundary describes a neighbouring paragraph, which an edit moves independently, so it
    is dropped, and the candidate's side is read only up to its own block's edge. A side
    that was cut at a block boundary then says "the passage started (ended) its block",
    which the candidate matches or not. Returns the mean over the sides and whether the
    context supports the place: the mean high enough, or one substantial side nearly
    identical. Without a substantial side (>= CONTEXT_MIN_WIDTH / 2 characters in the
    block) nothing is supported: the boundaries alone say too little.
    """
    lo, hi = _block_bounds(text, start, end)
    sims: list[float] = []
    one_side = substantial = False
    stored_prefix = prefix[prefix.rfind("\n") + 1 :]
    stored_suffix = suffix.split("\n", 1)[0]
    sides = (
        (stored_prefix[::-1], text[max(lo, start - len(stored_prefix) * 5 // 4 - 1) : start][::-1],
         "\n" in prefix or len(prefix) < CONTEXT_MIN_WIDTH, start == lo),
        (stored_suffix, text[end : min(hi, end + len(stored_suffix) * 5 // 4 + 1)],
         "\n" in suffix or len(suffix) < CONTEXT_MIN_WIDTH, end == hi),
    )  # fmt: skip
    for (stored, actual, stored_at_edge, actual_at_edge), whole in zip(
        sides, (text[lo:start][::-1], text[end:hi]), strict=True
    ):
        if stored and stored_at_edge:
            # The stored side ran to its block's edge, so the candidate's side must be all of
            # the rest of its block, and be alike from end to end.
            if len(whole) > 2 * len(stored) + CONTEXT_MIN_WIDTH // 2:
                sim = 0.0
            else:
                sim = 1.0 - _distance(stored, whole) / max(len(stored), len(whole))
        elif stored:
            sim = _side_similarity(stored, actual)
        if stored:
            sims.append(sim)
            big = len(stored) >= CONTEXT_MIN_WIDTH // 2
            substantial |= big
            one_side |= big and sim >= MIN_ONE_SIDE_SIMILARITY
        elif stored_at_edge:
            sims.append(1.0 if actual_at_edge else 0.0)
    if not sims or not substantial:
        return (sum(sims) / len(sims) if sims else 0.0), False
    mean = sum(sims) / len(sims)
    return mean, one_side or mean >= MIN_CONTEXT_SIMILARITY


# --------------------------------------------------------------------------- diff

_Op = tuple[int, int, int, int, int]  # (op, old_a, old_b, new_a, new_b); op -1, 0 or 1


def _ops(diffs: list[tuple[int, str]]) -> list[_Op]:
    ops: list[_Op] = []
    i = j = 0
    for op, chunk in diffs:
        n = len(chunk)
        if op == 0:
            ops.append((0, i, i + n, j, j + n))
            i, j = i + n, j + n
        elif op < 0:
            ops.append((-1, i, i + n, j, j))
            i += n
        else:
            ops.append((1, i, i, j, j + n))
            j += n
    return ops


@functools.lru_cache(maxsize=4)
def _diff(old: str, new: str) -> _Diff:
    """One diff per pair of revisions: every open report of an article follows the same edit."""
    return _Diff(old, new)


def clear_diff_cache() -> None:
    """Forget the cached diffs (benchmarks time a fresh diff)."""
    _diff.cache_clear()


def _block_diff(
    dmp: diff_match_patch, old: str, new: str
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Diff whole blocks first, then characters only inside runs of changed blocks.

    An unchanged block stays tied to itself: a character diff of the whole text (or
    diff-match-patch's line mode, which semantically cleans the line diff) would fold a
    short unchanged block, such as a key point between a moved paragraph's old and new
    places, into the edit around it and could then align the moved passage with that
    twin. A moved block thus stays what the issue calls it: a delete and an insert.
    Returns the diff twice: word-edge cleaned (fine) and semantically cleaned (coarse),
    the cleanups applied only within each changed run, never across an unchanged block.
    """
    old_lines = old.split("\n")
    new_lines = new.split("\n")
    codes: dict[str, str] = {}
    lines: list[str] = []

    def encode(parts: list[str]) -> str:
        out = []
        for i, part in enumerate(parts):
            line = part if i == len(parts) - 1 else part + "\n"
            if line not in codes:
                codes[line] = chr(len(lines) + 1)
                lines.append(line)
            out.append(codes[line])
        return "".join(out)

    old_code, new_code = encode(old_lines), encode(new_lines)
    if set(old_code).isdisjoint(new_code):  # every block changed: nothing to align
        line_diffs = [(-1, old_code), (1, new_code)]
    else:
        line_diffs = dmp.diff_main(old_code, new_code, False)
    fine: list[tuple[int, str]] = []
    coarse: list[tuple[int, str]] = []
    deleted, inserted = [], []

    def flush() -> None:
        # As many blocks changed as were replaced: each was edited in place (the usual
        # case, and on a long article with every paragraph touched far cheaper than one
        # character diff of them all).
        pairs = (
            list(zip(deleted, inserted, strict=True))
            if len(deleted) == len(inserted) > 1
            else [("".join(deleted), "".join(inserted))]
        )
        deleted.clear()
        inserted.clear()
        for a, b in pairs:
            char_diff(a, b)

    def char_diff(a: str, b: str) -> None:
        if a and b:
            chars = dmp.diff_main(a, b, False)
            lossless = list(chars)
            dmp.diff_cleanupSemanticLossless(lossless)
            fine.extend(lossless)
            dmp.diff_cleanupSemantic(chars)
            coarse.extend(chars)
        elif a or b:
            op = (-1, a) if a else (1, b)
            fine.append(op)
            coarse.append(op)

    for op, chunk in line_diffs:
        if op == 0:
            flush()
            text = "".join(lines[ord(ch) - 1] for ch in chunk)
            fine.append((0, text))
            coarse.append((0, text))
        else:  # one entry per block, so that equal counts can be paired
            (deleted if op < 0 else inserted).extend(lines[ord(ch) - 1] for ch in chunk)
    flush()
    return _merged(fine), _merged(coarse)


def _merged(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Join neighbouring equal runs (a run may end in an unchanged block)."""
    out: list[tuple[int, str]] = []
    for op, text in diffs:
        if not text:
            continue
        if out and out[-1][0] == op == 0:
            out[-1] = (0, out[-1][1] + text)
        else:
            out.append((op, text))
    return out


class _Diff:
    """A character diff of two revisions: where each surviving character came from.

    Two views of one diff. ``ops`` shifts edit boundaries to word edges only, so a short
    unchanged run (a one-word passage between two edits) keeps its own identity: it maps
    spans. ``coarse`` is semantically cleaned, so short coincidental equalities inside new
    text ("the ", "said ") count as new: it tells which new text *survived from elsewhere*
    (provenance), where a long equality is the one evidence that cannot be a coincidence.
    """

    __slots__ = (
        "coarse",
        "coarse_old_starts",
        "coarse_ops",
        "coarse_starts",
        "ops",
        "ops_old_starts",
    )

    def __init__(self, old: str, new: str) -> None:
        dmp = diff_match_patch()
        dmp.Diff_Timeout = DIFF_TIMEOUT
        fine, coarse = _block_diff(dmp, old, new)
        self.ops = _ops(fine)
        self.ops_old_starts = [op[1] for op in self.ops]
        self.coarse_ops = _ops(coarse)
        self.coarse_old_starts = [op[1] for op in self.coarse_ops]
        self.coarse = [op for op in self.coarse_ops if op[0] == 0]
        self.coarse_starts = [op[3] for op in self.coarse]

    def map_span(self, start: int, end: int, *, coarse: bool = False) -> tuple[int, int, float]:
        """Map an old span to the new text; also return the fraction kept unchanged.

        A start inside deleted text maps to where the deletion was; an end inside deleted
        text maps past any text inserted in its place, so a rewritten span maps to its
        replacement.
        """
        new_start = new_end = None
        kept = 0
        ops, starts = (
            (self.coarse_ops, self.coarse_old_starts) if coarse else (self.ops, self.ops_old_starts)
        )
        first = max(0, bisect.bisect_right(starts, start) - 2)
        for idx in range(first, len(ops)):
            op, oa, ob, na, _nb = ops[idx]
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

    def survives(self, old_a: int, old_b: int, *, coarse: bool = False) -> int | None:
        """Where ``old[old_a:old_b]`` is in the new text if it survived unchanged, in one piece."""
        ops, starts = (
            (self.coarse_ops, self.coarse_old_starts) if coarse else (self.ops, self.ops_old_starts)
        )
        idx = bisect.bisect_right(starts, old_a) - 1
        while idx >= 0 and ops[idx][0] == 1:
            idx -= 1
        for op, oa, ob, na, _nb in ops[max(0, idx) : idx + 3]:
            if op == 0 and oa <= old_a and old_b <= ob:
                return na + (old_a - oa)
        return None

    def foreign(self, start: int, end: int, own_start: int, own_end: int) -> int:
        """How many characters of ``new[start:end]`` survived from outside ``old[own_start:
        own_end]``: they are some other passage, still where it was."""
        count = 0
        idx = max(0, bisect.bisect_right(self.coarse_starts, start) - 1)
        for _op, oa, _ob, na, nb in self.coarse[idx:]:
            if na >= end:
                break
            a, b = max(start, na), min(end, nb)
            if a >= b:
                continue
            old_a, old_b = oa + (a - na), oa + (b - na)
            inside = max(0, min(old_b, own_end) - max(old_a, own_start))
            count += (b - a) - inside
        return count


# --------------------------------------------------------------------------- reanchor


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    quote_sim: float
    context_sim: float
    context_ok: bool  # the stored prefix/suffix (within the block) vouch for this place
    moved: bool = False  # the whole passage left its place and reappears only here

    def accepted(self, quote_len: int) -> bool:
        if self.quote_sim < MIN_QUOTE_SIMILARITY:
            return False
        return self.context_ok or (self.moved and quote_len >= SHORT_QUOTE_LENGTH)

    def rank(self, near: int, text_len: int) -> float:
        """Confidence in [0, 1]; also orders accepted candidates."""
        proximity = 1.0 - min(1.0, abs(self.start - near) / max(1, text_len))
        evidence = 1.0 if self.moved else 0.0
        return 0.55 * self.quote_sim + 0.30 * self.context_sim + 0.10 * evidence + 0.05 * proximity


class _Search:
    """Candidates elsewhere for a passage that left its place: only in new text."""

    def __init__(
        self, old_text: str, new_text: str, diff: _Diff, own: tuple[int, int], mapped: int,
        quote: str, prefix: str, suffix: str,
    ) -> None:  # fmt: skip
        self.old = old_text
        self.text = new_text
        self.diff = diff
        self.own = own
        self.mapped = mapped
        self.quote = quote
        self.prefix = prefix
        self.suffix = suffix
        self.seen: set[tuple[int, int]] = set()
        self._twins: list[tuple[str, str]] | None = None
        self._copies: list[tuple[int, int]] | None = None
        self.codes, self.codes_exact = _codes(quote)
        self.query = bytes(self.codes[ch] for ch in quote)

    def is_foreign(self, start: int, end: int) -> bool:
        """Text the diff says survived from another place of the old revision *is* that
        other place: it can never hold our passage, however well it matches."""
        count = self.diff.foreign(start, end, *self.own)
        return count > (end - start) * MAX_FOREIGN

    def candidate(self, start: int, end: int, quote_sim: float | None = None) -> _Candidate:
        if quote_sim is None:
            quote_sim = _similarity(self.quote, self.text[start:end])
        ctx, ctx_ok = _context_similarity(self.text, start, end, self.prefix, self.suffix)
        return _Candidate(start, end, quote_sim, ctx, ctx_ok)

    def best(self, candidates: list[_Candidate]) -> _Candidate | None:
        n = len(self.quote)
        ok = [c for c in candidates if c.accepted(n)]
        if not ok:
            return None
        size = len(self.text)
        return max(ok, key=lambda c: c.rank(self.mapped, size))

    def exact(self) -> list[_Candidate]:
        """Exact copies in new text. A move is a delete and an insert of the same text: the
        one copy in new text is ours when no other old copy also left its place."""
        n = len(self.quote)
        positions = _occurrences(self.text, self.quote)
        fresh = [p for p in positions if not self.is_foreign(p, p + n)]
        found = [self.candidate(p, p + n, 1.0) for p in fresh]
        return self.judge(found, moved_similarity=1.0)

    def judge(self, found: list[_Candidate], *, moved_similarity: float) -> list[_Candidate]:
        """Withdraw the context's vouching where another old copy of the quote that also
        left its place fits a candidate about as well: that copy could be what moved there.
        Mark a lone candidate as the passage moved when no other copy left its place."""
        twins = self.vanished_twins()
        if twins:
            for c in found:
                theirs = max(
                    _context_similarity(self.text, c.start, c.end, p, s)[0] for p, s in twins
                )
                if c.context_sim - theirs < TWIN_CONTEXT_MARGIN:
                    c.context_ok = False
        else:
            close = [c for c in found if c.quote_sim >= moved_similarity]
            if len(close) == 1 and len(self.quote) >= MIN_MOVE_QUOTE_LENGTH:
                close[0].moved = True
        return found

    def bracketed(self) -> _Candidate | None:
        """New text held between the passage's own neighbours, found intact elsewhere.

        A moved paragraph whose passage was also edited ("began in April" -> "opened in
        April") is too changed for a fuzzy match of a short quote, but its neighbours
        within the block moved with it, word for word: what lies between them is the
        passage, as the surviving neighbours vouch for an edit at the passage's own place.
        Both sides must match exactly (a side that ran to its block's edge: that edge), at
        least one of them substantially, and only one such place may exist.
        """
        before = self.prefix[self.prefix.rfind("\n") + 1 :]
        after = self.suffix.split("\n", 1)[0]
        before_edge = "\n" in self.prefix or len(self.prefix) < CONTEXT_MIN_WIDTH
        after_edge = "\n" in self.suffix or len(self.suffix) < CONTEXT_MIN_WIDTH
        big = CONTEXT_MIN_WIDTH // 2
        if not (len(before) >= big or len(after) >= big):
            return None
        if (len(before) < big and not before_edge) or (len(after) < big and not after_edge):
            return None
        text, n = self.text, len(self.quote)
        limit = MAX_REPLACEMENT_RATIO * n + CONTEXT_MIN_WIDTH
        found: list[_Candidate] = []
        if len(before) >= len(after):  # search from the longer side
            for p in _occurrences(text, before):
                a = p + len(before)
                lo = text.rfind("\n", 0, a) + 1
                hi = text.find("\n", a)
                hi = len(text) if hi == -1 else hi
                b = text.find(after, a, min(hi, a + limit + len(after))) if after else hi
                if b == -1 or (before_edge and p != lo) or (after_edge and b + len(after) != hi):
                    continue
                found.append(self.candidate(a, b))
        else:
            for b in _occurrences(text, after):
                lo = text.rfind("\n", 0, b) + 1
                hi = text.find("\n", b)
                hi = len(text) if hi == -1 else hi
                p = text.rfind(before, max(lo, b - limit - len(before)), b) if before else lo
                if p == -1 or (before_edge and p != lo) or (after_edge and b + len(after) != hi):
                    continue
                found.append(self.candidate(p + len(before), b))
        # An intact copy of the quote inside the gap was already weighed (and refused) as
        # an exact candidate: the gap around it is that copy with more text, not an edit.
        found = [
            c
            for c in found
            if c.end > c.start
            and self.quote not in text[c.start : c.end]
            and not self.is_foreign(c.start, c.end)
        ]
        for c in found:
            c.context_ok = True  # both neighbours, exactly
        found = self.judge(found, moved_similarity=2.0)  # never "moved" on this evidence
        ok = [c for c in found if c.context_ok and c.quote_sim >= MIN_BRACKETED_SIMILARITY]
        return ok[0] if len(ok) == 1 else None

    def closest_within(self, start: int, end: int, sim: float) -> tuple[int, int, float]:
        """The best fuzzy match of the quote inside ``text[start:end]``, if it is a match."""
        k = int(len(self.quote) * MAX_EDIT_RATIO)
        for a, b in _fuzzy_spans(self.query, self.codes, self.text[start:end], k, 1):
            a, b = _snap_to_words(self.old, self.text, *self.own, start + a, start + b)
            inner = _similarity(self.quote, self.text[a:b])
            if inner >= MIN_QUOTE_SIMILARITY and start <= a < b <= end:
                return a, b, inner
        return start, end, sim

    def old_copies(self) -> list[tuple[int, int]]:
        """Other spans of the old text within matching distance of the quote."""
        if self._copies is None:
            own_start, own_end = self.own
            k = int(len(self.quote) * MAX_EDIT_RATIO)
            self._copies = [
                (a, b)
                for a, b in _fuzzy_spans(self.query, self.codes, self.old, k, _FUZZY_ROUNDS + 1)
                if b <= own_start or a >= own_end
            ]
        return self._copies

    def unambiguous(self, start: int, end: int) -> bool:
        """The quote had no copy in the old text, or the context vouches for this span."""
        return not self.old_copies() or self.candidate(start, end).context_ok

    def vanished_twins(self) -> list[tuple[str, str]]:
        """Stored-style contexts of the other old copies of the quote (exact, or close
        enough to be matched, like a recap with one word changed) that are no longer where
        they were: each could be the text a candidate elsewhere came from."""
        if self._twins is None:
            twins = []
            for a, b in self.old_copies():
                if self.diff.map_span(a, b, coarse=True)[2] < TWIN_SURVIVED:
                    twins.append(context(self.old, a, b))
            self._twins = twins
        return self._twins

    def fuzzy(self, lo: int, hi: int) -> list[_Candidate]:
        """edlib infix search of the quote in ``text[lo:hi]``, runners-up included."""
        k = int(len(self.quote) * MAX_EDIT_RATIO)
        found: list[_Candidate] = []
        own_start, own_end = self.own
        for a, b in _fuzzy_spans(self.query, self.codes, self.text[lo:hi], k, _FUZZY_ROUNDS):
            # The reader selected whole words: so is a candidate (no "t 1," for "to 1,").
            span = _snap_to_words(self.old, self.text, own_start, own_end, lo + a, lo + b)
            if span in self.seen or self.is_foreign(*span):
                continue
            self.seen.add(span)
            found.append(self.candidate(*span))
        return self.judge(found, moved_similarity=MIN_MOVED_SIMILARITY)


def _fuzzy_spans(
    query: bytes, codes: dict[str, int], text: str, k: int, rounds: int
) -> list[tuple[int, int]]:
    """Spans of ``text`` within edit distance ``k`` of the encoded query, best first.

    edlib reports only the best-distance hits; masking them and searching again finds
    the runners-up (a twin with one word changed behind an exact copy).
    """
    target = bytearray(_encode(text, codes))
    found: list[tuple[int, int]] = []
    for _ in range(rounds):
        res = edlib.align(query, bytes(target), mode="HW", task="locations", k=k)
        if res["editDistance"] < 0 or not res["locations"]:
            break
        for loc_start, loc_end in res["locations"]:
            if loc_start is None or loc_start > loc_end:
                continue
            target[loc_start : loc_end + 1] = bytes([_OTHER]) * (loc_end + 1 - loc_start)
            found.append((loc_start, loc_end + 1))
    return found


def _snap_to_words(old: str, new: str, start: int, end: int, ms: int, me: int) -> tuple[int, int]:
    """Widen a mapped span that cuts a word when the passage itself began/ended on a word edge.

    A character diff aligns letters that happen to coincide ("a" inside "Jane", "teh" ->
    "the" as -e h +e); the reader selected whole words, so the passage is the whole words
    now there.
    """
    if start < end and old[start].isalnum() and (start == 0 or not old[start - 1].isalnum()):
        while 0 < ms < len(new) and new[ms].isalnum() and new[ms - 1].isalnum():
            ms -= 1
    if start < end and old[end - 1].isalnum() and (end == len(old) or not old[end].isalnum()):
        while 0 < me < len(new) and new[me - 1].isalnum() and new[me].isalnum():
            me += 1
    return ms, me


def _block_held_together(diff: _Diff, old: str, new: str, start: int, end: int) -> bool:
    """The first and last characters of the passage's block (when they survived) are in
    one block of the new text.

    Otherwise the block was split in two, or a run of edits across two paragraphs made
    the diff align the passage with a look-alike at the head of the next one; only the
    context can then say which.
    """
    lo, hi = _block_bounds(old, start, end)
    first = diff.survives(lo, lo + 1) if lo < start else None
    last = diff.survives(hi - 1, hi) if hi > end else None
    if first is None or last is None:
        return True
    return new.find("\n", first, last) == -1


def _block_kept_around(
    diff: _Diff, old: str, new: str, start: int, end: int, ms: int, me: int
) -> bool:
    """The passage's block kept both its first and last characters, and the mapped span
    lies between them in one block: the diff followed the whole paragraph, not a chance
    alignment of a few letters."""
    lo, hi = _block_bounds(old, start, end)
    if not (lo < start and hi > end):
        return False
    first, last = diff.survives(lo, lo + 1), diff.survives(hi - 1, hi)
    if first is None or last is None:
        return False
    return first < ms and me <= last and new.find("\n", first, last) == -1


def _within_block(text: str, start: int, end: int) -> bool:
    """The span has text of its own block on at least one side."""
    lo, hi = _block_bounds(text, start, end)
    return lo < start or end < hi


def _neighbours_survive(
    diff: _Diff, old: str, new_len: int, start: int, end: int, ms: int, me: int, coarse: bool
) -> tuple[bool, bool]:
    """Whether each side of the passage survived, in its own block, right against the
    mapped span.

    With both, the diff itself vouches that whatever now lies between them replaced the
    passage, however much its wording changed (a one-word fix in a three-word quote).
    """
    lo, hi = _block_bounds(old, start, end)
    left = min(NEIGHBOUR_WIDTH, start - lo)
    if left:
        at = diff.survives(start - left, start, coarse=coarse)
        left_ok = at is not None and at + left == ms
    elif start == 0:
        left_ok = ms == 0
    else:  # the passage began its block: the block boundary must be right before it
        at = diff.survives(start - 1, start, coarse=coarse)
        left_ok = at is not None and at + 1 == ms
    right = min(NEIGHBOUR_WIDTH, hi - end)
    if right:
        right_ok = diff.survives(end, end + right, coarse=coarse) == me
    elif end == len(old):
        right_ok = me == new_len
    else:
        right_ok = diff.survives(end, end + 1, coarse=coarse) == me
    return left_ok, right_ok


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

    Provenance first: a diff of the revisions says where every surviving character came
    from. The place the diff maps the passage to is tried first (EXACT if the offsets are
    unchanged, MOVED if only shifted, FUZZY if its wording changed there); it is accepted
    when most of the passage's characters survived there (for a short quote, or a block
    the diff split across two, with a neighbour or the context agreeing), or when both of
    its neighbours survived right against it, however much the passage itself was
    rewritten. Only if the passage left its place is anything else considered, and then
    only text that is new in the new revision: text that survived from another place of
    the old revision is that other place (a recap, a key point, the other list), never
    our passage. Such a new candidate needs the stored context (within its block), its
    moved neighbours around it, or a whole-passage move to vouch for it, and must fit our
    context clearly better than any other copy of the quote that also left its place;
    otherwise the passage is ORPHANED rather than guessed. An empty quote (an
    article-level report) has no span: ORPHANED.
    """
    if not quote:
        return _ORPHANED
    n = len(quote)
    if not 0 <= start <= end <= len(old_text) or old_text[start:end] != quote:
        # Stale offsets: re-find the passage in the old revision before following it.
        found = locate(old_text, quote=quote, prefix=prefix, suffix=suffix, hint=start)
        if found is None:  # never in the old text: provenance says nothing
            return _ORPHANED
        start, end = found.start, found.end

    if old_text == new_text:
        return Anchor(AnchorState.EXACT, start, end, 1.0)
    # Even the same words and context at the same offsets may be a twin that took the
    # place of a deleted passage: the diff decides.
    diff = _diff(old_text, new_text)
    ms, me, preserved = diff.map_span(start, end)
    held_together = _block_held_together(diff, old_text, new_text, start, end)
    search = _Search(old_text, new_text, diff, (start, end), ms, quote, prefix, suffix)
    # The fine diff keeps a passage's own characters; the coarse one sees a rewritten word
    # as one replacement rather than letters that happen to coincide ("in" -> "new").
    for coarse in (False, True):
        if coarse:
            ms_c, me_c, _ = diff.map_span(start, end, coarse=True)
            if (ms_c, me_c) == (ms, me):
                break
        else:
            ms_c, me_c = ms, me
        if me_c <= ms_c:
            continue
        ms_c, me_c = _snap_to_words(old_text, new_text, start, end, ms_c, me_c)
        text = new_text[ms_c:me_c]
        sim = 1.0 if text == quote else _similarity(quote, text)
        left, right = _neighbours_survive(
            diff, old_text, len(new_text), start, end, ms_c, me_c, coarse
        )
        # The passage's own characters, where the diff put them. They can line up with a
        # look-alike by chance when the quote is short ("the" in a moved paragraph) or when
        # a run of edits spans two paragraphs: then a neighbour or the context must agree.
        tracked = (
            not coarse
            and (held_together or search.candidate(ms_c, me_c).context_ok)
            and preserved >= MIN_PRESERVED
            and sim >= MIN_QUOTE_SIMILARITY
            and (
                n >= SHORT_QUOTE_LENGTH
                or left
                or right
                or _block_kept_around(diff, old_text, new_text, start, end, ms_c, me_c)
                or search.unambiguous(ms_c, me_c)
            )
        )
        # Whatever lies between two surviving neighbours replaced the passage, as long as it
        # stays in the passage's block and is not a whole new stretch of text. A passage that
        # was its whole block (or text: a credit) has only edges for neighbours, and edges
        # survive anything: its replacement is new text, not the passage edited.
        replaced = (
            left
            and right
            and _within_block(old_text, start, end)
            and ("\n" in quote or "\n" not in text)
            and len(text) <= MAX_REPLACEMENT_RATIO * n + CONTEXT_MIN_WIDTH
        )
        if tracked or replaced:
            if sim == 1.0:
                same = (ms_c, me_c) == (start, end)
                return Anchor(AnchorState.EXACT if same else AnchorState.MOVED, ms_c, me_c, 1.0)
            if sim < MIN_QUOTE_SIMILARITY and me_c - ms_c - n >= CONTEXT_MIN_WIDTH // 2:
                # The replacement may hold the passage plus a sentence added next to it:
                # keep to the part that still reads like the passage, if one does.
                ms_c, me_c, sim = search.closest_within(ms_c, me_c, sim)
            return Anchor(AnchorState.FUZZY, ms_c, me_c, round(max(0.0, sim), 4))

    if preserved >= MIN_PRESERVED and search.unambiguous(ms, me):
        # Most of the passage is still at its place but changed beyond recognition there, or
        # its edges moved: look only around that place for a better-cut span.
        lo, hi = max(0, ms - n), min(len(new_text), me + n)
        near = [c for c in search.fuzzy(lo, hi) if min(c.end, me) - max(c.start, ms) > 0]
        for c in near:
            c.context_ok = True  # the diff put the passage here
        best = search.best(near)
        if best is None:
            return _ORPHANED
        return _result(new_text, quote, best, ms, relocated=False)

    best = search.best(search.exact())
    if best is None:
        margin = max(WINDOW_MARGIN, 4 * n)
        lo, hi = max(0, ms - margin), min(len(new_text), me + margin)
        best = search.best(search.fuzzy(lo, hi))
        if best is None and (lo > 0 or hi < len(new_text)):
            best = search.best(search.fuzzy(0, len(new_text)))
    if best is None:
        best = search.bracketed()
    if best is None:
        return _ORPHANED
    return _result(new_text, quote, best, ms, relocated=True)


def _result(new_text: str, quote: str, best: _Candidate, near: int, *, relocated: bool) -> Anchor:
    if new_text[best.start : best.end] == quote:
        return Anchor(AnchorState.MOVED, best.start, best.end, 1.0, relocated=relocated)
    score = round(min(1.0, best.rank(near, len(new_text))), 4)
    return Anchor(AnchorState.FUZZY, best.start, best.end, score, relocated=relocated)
