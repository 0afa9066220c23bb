"""Word-level differences between two versions of a text, for the public changelog.

Pure Python, no Django. A diff is a list of segments: unchanged text, deleted text,
inserted text, and gaps where a long unchanged run was left out, so a reader sees what
changed with a few words of context around it rather than the whole article again.
Newlines in the texts (the block separators of the canonical text) are kept; the page
shows them as line breaks.
"""

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum
from html import escape

# Words keep their inner apostrophes, decimal points and hyphens ("harbour’s", "2.4",
# "well-known"); other punctuation and runs of spaces are tokens of their own, so a
# changed comma does not mark the whole word before it as changed.
_TOKEN = re.compile(r"\w+(?:[-'’.,]\w+)*|\s+|[^\w\s]")
CONTEXT_WORDS = 8


class Op(StrEnum):
    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"
    GAP = "gap"


@dataclass(frozen=True)
class Segment:
    op: Op
    text: str = ""


def tokenize(text: str) -> list[str]:
    """Split text into words, punctuation and whitespace; joining them gives the text back."""
    return _TOKEN.findall(text)


def _is_word(token: str) -> bool:
    return not token.isspace()


def _chunks(old: list[str], new: list[str]) -> list[tuple[str, list[str], list[str]]]:
    """Opcodes of a token diff, with changes separated only by spaces merged into one.

    Without the merge, "the old red boat" → "a new blue boat" reads as three separate
    replacements with a kept space between each, which is harder to read than one.
    """
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    chunks = [(tag, old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    merged: list[tuple[str, list[str], list[str]]] = []
    for index, (tag, before, after) in enumerate(chunks):
        follows_change = bool(merged) and merged[-1][0] != "equal"
        only_spaces_between_changes = (
            tag == "equal"
            and index + 1 < len(chunks)
            and all(token.isspace() and "\n" not in token for token in before)
        )
        if follows_change and (tag != "equal" or only_spaces_between_changes):
            _, previous_before, previous_after = merged.pop()
            merged.append(("replace", previous_before + before, previous_after + after))
        else:
            merged.append((tag, before, after))
    return merged


def _leading(tokens: list[str], words: int) -> list[str]:
    """The first `words` words of tokens, stopping at a paragraph break."""
    kept: list[str] = []
    for token in tokens:
        if "\n" in token or sum(map(_is_word, kept)) >= words:
            break
        kept.append(token)
    return kept


def _trailing(tokens: list[str], words: int) -> list[str]:
    return _leading(tokens[::-1], words)[::-1]


def _context(tokens: list[str], *, first: bool, last: bool, words: int) -> list[Segment]:
    """An unchanged run, shortened to a few words next to the changes around it."""
    if first:
        tail = _trailing(tokens, words)
        kept = [] if tail == tokens else [Segment(Op.GAP)]
        return [*kept, Segment(Op.EQUAL, "".join(tail))] if tail else kept
    if last:
        head = _leading(tokens, words)
        kept = [] if head == tokens else [Segment(Op.GAP)]
        return [Segment(Op.EQUAL, "".join(head)), *kept] if head else kept
    if sum(map(_is_word, tokens)) <= 2 * words:
        return [Segment(Op.EQUAL, "".join(tokens))]
    head, tail = _leading(tokens, words), _trailing(tokens, words)
    return [
        *([Segment(Op.EQUAL, "".join(head))] if head else []),
        Segment(Op.GAP),
        *([Segment(Op.EQUAL, "".join(tail))] if tail else []),
    ]


def _shared_space(before: list[str], after: list[str], index: int) -> int:
    """1 if both sides of a change (or the only side) have a plain space at index."""
    sides = [side for side in (before, after) if side]
    if len(sides) == 1 and len(sides[0]) == 1:
        return 0
    return int(all(side[index] == " " for side in sides))


def word_diff(old: str, new: str, *, context: int = CONTEXT_WORDS) -> list[Segment]:
    """The changes from old to new as segments, with `context` words around each change.

    Returns an empty list when the texts are equal.
    """
    if old == new:
        return []
    chunks = _chunks(tokenize(old), tokenize(new))
    segments: list[Segment] = []
    for index, (tag, before, after) in enumerate(chunks):
        if tag == "equal":
            segments += _context(
                before, first=index == 0, last=index == len(chunks) - 1, words=context
            )
            continue
        # A space at the edge of a change is shown as unchanged text, so the marks start
        # and end on words.
        lead = _shared_space(before, after, 0)
        trail = _shared_space(before[lead:], after[lead:], -1)
        before = before[lead : len(before) - trail]
        after = after[lead : len(after) - trail]
        if lead:
            segments.append(Segment(Op.EQUAL, " "))
        if before:
            segments.append(Segment(Op.DELETE, "".join(before)))
        if after:
            segments.append(Segment(Op.INSERT, "".join(after)))
        if trail:
            segments.append(Segment(Op.EQUAL, " "))
    return segments


def render_html(segments: list[Segment]) -> str:
    """Segments as escaped HTML: <del> for removed text, <ins> for added text."""
    parts = []
    for segment in segments:
        text = escape(segment.text, quote=False)
        if segment.op is Op.DELETE:
            parts.append(f"<del>{text}</del>")
        elif segment.op is Op.INSERT:
            parts.append(f"<ins>{text}</ins>")
        elif segment.op is Op.GAP:
            parts.append('<span class="diff__gap">…</span>')
        else:
            parts.append(text)
    return "".join(parts)


def diff_html(old: str, new: str, *, context: int = CONTEXT_WORDS) -> str:
    """The word-level diff of two texts as HTML; empty when nothing changed."""
    return render_html(word_diff(old, new, context=context))


def replacement_html(old: str, new: str) -> str:
    """A value that changes whole, such as a byline or a section, as "old → new" in HTML.

    A word diff would mark "Ann Lee" → "Ann Moss" as a changed surname; a byline names
    people, so the reader is shown both whole. Empty when nothing changed.
    """
    if old == new:
        return ""
    return render_html(
        [
            *([Segment(Op.DELETE, old)] if old else []),
            *([Segment(Op.EQUAL, " → ")] if old and new else []),
            *([Segment(Op.INSERT, new)] if new else []),
        ]
    )
