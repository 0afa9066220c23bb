"""Selecting text in an article from a Playwright test, as a reader's drag would."""

SELECT_JS = """
([needle, nth, part]) => {
  const root = document.querySelector(`[data-correctable][data-part="${part}"]`);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let count = 0;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    let at = -1;
    while ((at = node.data.indexOf(needle, at + 1)) !== -1) {
      if (++count === nth) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + needle.length);
        const selection = getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        return true;
      }
    }
  }
  return false;
}
"""

PASSAGE_JS = """
async (part) => {
  const { passage } = await import("/static/corrections/canonical.js");
  const root = document.querySelector(`[data-correctable][data-part="${part}"]`);
  return passage(root, getSelection().getRangeAt(0));
}
"""


def select_text(page, needle: str, nth: int = 1, part: str = "body") -> None:
    """Select the nth occurrence of ``needle`` (raw DOM text, within one text node) in one
    part of the article (headline, standfirst, caption, credit or body)."""
    assert page.evaluate(SELECT_JS, [needle, nth, part]), f"{needle!r} #{nth} not in the {part}"


def selected_passage(page, part: str = "body") -> dict:
    """What canonical.js computes for the current selection within ``part``: quote,
    prefix, suffix, start, end."""
    return page.evaluate(PASSAGE_JS, part)
