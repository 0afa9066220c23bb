"""Selecting text in the article body from a Playwright test, as a reader's drag would."""

SELECT_JS = """
([needle, nth]) => {
  const body = document.querySelector("[data-correctable]");
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
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
async () => {
  const { passage } = await import("/static/corrections/canonical.js");
  const body = document.querySelector("[data-correctable]");
  return passage(body, getSelection().getRangeAt(0));
}
"""


def select_text(page, needle: str, nth: int = 1) -> None:
    """Select the nth occurrence of ``needle`` (raw DOM text, within one text node)."""
    assert page.evaluate(SELECT_JS, [needle, nth]), f"{needle!r} #{nth} not in the body"


def selected_passage(page) -> dict:
    """What the widget computes for the current selection: quote, prefix, suffix, start, end."""
    return page.evaluate(PASSAGE_JS)
