"""The canonical text of each part of an article a reader can report.

Readers select text in the browser and the server must agree, to the code point, on what
they selected. This module defines that text once; `static/corrections/canonical.js`
implements the same rules over the DOM and a browser test checks the two agree on every
demo article. The rules:

1. Take the text of the rendered body HTML. Each block element (see BLOCK_ELEMENTS)
   starts and ends a block; blocks are separated by exactly one newline, empty blocks are
   dropped. `<br>` counts as a space. Text inside SKIPPED_ELEMENTS is ignored.
2. Remove soft hyphens and zero-width characters (IGNORED_CHARACTERS).
3. Normalise to Unicode NFC.
4. Turn every Unicode space (SPACE_CHARACTERS, including NBSP, tabs and line breaks
   inside a block) into " ", collapse runs of spaces into one and trim each block.

Offsets into the result are Python string indices, i.e. Unicode code points.

The body is rendered Markdown, so its text comes from HTML by the rules above
(`canonical_text`). The headline, standfirst, lead-image caption and photo credit are
plain text the template prints escaped inside one element each, so their canonical text
is that one block: rules 2 to 4 applied to the stored value (`normalise_block`); a line
break typed into a standfirst is a space on the page and so in its text. `part_text`
picks the function by the part's name, the names `corrections.models.Suggestion.Part`
stores.
"""

import re
import unicodedata
from html.parser import HTMLParser

BLOCK_ELEMENTS = frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
SKIPPED_ELEMENTS = frozenset({"script", "style", "template", "noscript"})
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr"}
)  # fmt: skip

# Soft hyphen, zero-width space, zero-width non-joiner, zero-width joiner, word joiner and
# the byte order mark: invisible, so a reader cannot know they selected them.
IGNORED_CHARACTERS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Every character that JavaScript's /\s/ and Python's str.isspace() both call a space,
# listed explicitly so both implementations use the very same set.
SPACE_CHARACTERS = (
    "\t\n\u000b\u000c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

_IGNORED = {ord(char): None for char in IGNORED_CHARACTERS}
_SPACES = re.compile(f"[{re.escape(SPACE_CHARACTERS)}]+")


def normalise_block(text: str) -> str:
    """Apply rules 2 to 4 to the raw text of one block."""
    text = unicodedata.normalize("NFC", text.translate(_IGNORED))
    return _SPACES.sub(" ", text).strip(" ")


class _BlockTextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._skipping = 0

    def _end_block(self) -> None:
        block = normalise_block("".join(self._current))
        if block:
            self.blocks.append(block)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in SKIPPED_ELEMENTS:
            self._skipping += 1
        elif tag == "br":
            self._current.append(" ")
        elif tag in BLOCK_ELEMENTS:
            self._end_block()

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_ELEMENTS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in BLOCK_ELEMENTS:
            self._end_block()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._current.append(data)

    def close(self) -> None:
        super().close()
        self._end_block()


def canonical_text(html: str) -> str:
    """Return the canonical text of rendered body HTML (see the module docstring)."""
    parser = _BlockTextParser()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.blocks)


# The parts of an article a reader can report, in page order, each with the function that
# gives its canonical text from the stored value: the body's rendered HTML by the block
# rules, every other part (escaped text in one element) as that one block.
PART_TEXTS = {
    "headline": normalise_block,
    "standfirst": normalise_block,
    "caption": normalise_block,
    "credit": normalise_block,
    "body": canonical_text,
}


def part_text(part: str, value: str) -> str:
    """The canonical text of ``part`` (a key of PART_TEXTS) from its stored value."""
    return PART_TEXTS[part](value)
