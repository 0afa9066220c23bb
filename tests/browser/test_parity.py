"""The widget and the server agree, to the code point, on the text a reader selected.

canonical.js implements newsroom/text.py over the DOM; here both run on every part of every
demo article (headline, standfirst, caption, credit, body) and on selections made the ways
a reader makes them (drag, double and triple click), across the awkward paragraph's NBSP,
soft hyphen, emoji, curly quotes and repeated phrase.
"""

import io

import pytest
from browser.selection import select_text, selected_passage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from corrections.anchoring import locate
from factories import make_article
from newsroom.models import Article

pytestmark = pytest.mark.django_db(transaction=True)

PARTS = ["headline", "standfirst", "caption", "credit", "body"]

CANONICAL_JS = """
async (part) => {
  const { canonicalText } = await import("/static/corrections/canonical.js");
  return canonicalText(document.querySelector(`[data-correctable][data-part="${part}"]`));
}
"""

# Every text node of every block, selected from a third to two thirds of its length, and
# ranges that cross from one block into the next: the selections a drag makes.
SPANS_JS = """
async (part) => {
  const { passage } = await import("/static/corrections/canonical.js");
  const body = document.querySelector(`[data-correctable][data-part="${part}"]`);
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) if (walker.currentNode.data.trim()) nodes.push(walker.currentNode);
  const results = [];
  const select = (a, aOffset, b, bOffset) => {
    const range = document.createRange();
    range.setStart(a, aOffset);
    range.setEnd(b, bOffset);
    results.push(passage(body, range));
  };
  nodes.forEach((node, i) => {
    const n = node.data.length;
    select(node, Math.floor(n / 3), node, Math.ceil((2 * n) / 3));
    select(node, 0, node, n);
    const next = nodes[i + 1];
    if (next) select(node, Math.floor(n / 2), next, Math.ceil(next.data.length / 2));
  });
  return results;
}
"""


def assert_server_agrees(text: str, found: dict) -> None:
    start, end, quote = found["start"], found["end"], found["quote"]
    assert text[start:end] == quote
    assert text[max(0, start - len(found["prefix"])) : start] == found["prefix"]
    assert text[end : end + len(found["suffix"])] == found["suffix"]
    anchor = locate(text, quote=quote, prefix=found["prefix"], suffix=found["suffix"], hint=start)
    assert (anchor.start, anchor.end) == (start, end)


@pytest.fixture
def demo_articles():
    call_command("seed_demo", verbosity=0)
    articles = list(Article.objects.published().select_related("section", "current_revision"))
    assert len(articles) >= 5
    return articles


def test_canonical_text_and_offsets_agree_on_every_part_of_every_demo_article(page, demo_articles):
    checked = dict.fromkeys(PARTS, 0)
    for article in demo_articles:
        page.goto(article.get_absolute_url())
        marked = page.eval_on_selector_all(
            "[data-correctable]", "roots => roots.map(root => root.dataset.part)"
        )
        assert marked == PARTS, article.slug  # every demo article shows all five, in order
        for part in PARTS:
            text = article.current_revision.part_text(part)
            assert page.evaluate(CANONICAL_JS, part) == text, (article.slug, part)
            for found in page.evaluate(SPANS_JS, part):
                if found is not None:
                    assert_server_agrees(text, found)
                    checked[part] += 1
    assert checked["body"] > 100
    assert min(checked.values()) >= len(demo_articles)


@pytest.fixture
def awkward(page, demo_articles):
    article = next(a for a in demo_articles if a.slug.startswith("tide-tables"))
    page.goto(article.get_absolute_url())
    return article.current_revision.canonical_text


def test_second_of_a_repeated_phrase_gets_its_own_offsets(page, awkward):
    phrase = "the second harbour bridge"
    first = awkward.index(phrase)
    second = awkward.index(phrase, first + 1)
    select_text(page, phrase, nth=2)
    found = selected_passage(page)
    assert (found["start"], found["end"]) == (second, second + len(phrase))
    assert_server_agrees(awkward, found)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("12\u00a0metres", "12 metres"),  # NBSP is a plain space
        ("re\u00adconstruction", "reconstruction"),  # the soft hyphen is not there
        ("café 🌊", "café 🌊"),  # offsets count the emoji as one code point
        ("Quayside café 🌊. “It’s not", "Quayside café 🌊. “It’s not"),  # curly quotes
    ],
)
def test_awkward_characters_map_to_the_servers_offsets(page, awkward, raw, canonical):
    select_text(page, raw)
    found = selected_passage(page)
    assert found["quote"] == canonical
    assert found["start"] == awkward.index(canonical)
    assert_server_agrees(awkward, found)


def test_a_selection_after_the_emoji_counts_code_points(page, awkward):
    select_text(page, "It’s not a matter of opinion")
    found = selected_passage(page)
    assert found["start"] == awkward.index("It’s not a matter of opinion")
    assert "🌊" in awkward[: found["start"]]


def test_double_and_triple_click_selections_agree(page, awkward):
    body = page.locator("[data-part=body] p").nth(1)
    body.dblclick(position={"x": 30, "y": 10})
    word = selected_passage(page)
    assert word["quote"].strip() == word["quote"] and " " not in word["quote"]
    assert_server_agrees(awkward, word)

    body.click(click_count=3, position={"x": 30, "y": 10})
    paragraph = selected_passage(page)
    second_paragraph = awkward.split("\n")[1]
    assert paragraph["quote"] == second_paragraph
    assert_server_agrees(awkward, paragraph)


def test_a_selection_reaching_outside_the_body_is_clamped_to_it(page, awkward):
    page.evaluate(
        """() => {
          const body = document.querySelector("[data-part=body]");
          const range = document.createRange();
          range.setStart(document.querySelector("h1"), 0);
          range.setEnd(body.querySelector("p").firstChild, 7);
          getSelection().removeAllRanges();
          getSelection().addRange(range);
        }"""
    )
    found = selected_passage(page)
    assert found["start"] == 0
    assert found["quote"] == awkward[:7]


def body_in_view(page):
    """Scroll so the body's first paragraph starts mid-screen, with the lead figure above."""
    page.evaluate(
        "scrollTo(0, document.querySelector('[data-part=body] p')"
        ".getBoundingClientRect().top + scrollY - 450)"
    )


def test_a_mouse_drag_across_two_paragraphs_has_one_line_break(page, awkward):
    # Chromium's own selection.toString() gives "\n\n" between paragraphs and keeps the
    # NBSP and soft hyphen; the widget must not use it.
    body_in_view(page)
    first = page.locator("[data-part=body] p").nth(0).bounding_box()
    second = page.locator("[data-part=body] p").nth(1).bounding_box()
    page.mouse.move(first["x"] + 200, first["y"] + first["height"] - 8)
    page.mouse.down()
    page.mouse.move(second["x"] + 100, second["y"] + 8, steps=5)
    page.mouse.up()
    found = selected_passage(page)
    assert found["quote"].count("\n") == 1
    assert "\n\n" in page.evaluate("getSelection().toString()")
    assert_server_agrees(awkward, found)


def test_a_mouse_drag_starting_above_the_body_is_clamped(page, awkward):
    body_in_view(page)
    caption = page.locator(".article__lead figcaption").bounding_box()
    first = page.locator("[data-part=body] p").nth(0).bounding_box()
    page.mouse.move(caption["x"] + 10, caption["y"] + 5)
    page.mouse.down()
    page.mouse.move(first["x"] + 150, first["y"] + 8, steps=5)
    page.mouse.up()
    found = selected_passage(page)
    assert found["start"] == 0
    assert_server_agrees(awkward, found)


UNICODE_BODY = (
    "Cafe\u0301 owner Zoe\u0308 said: “It’s fine”.  Two\u2003spaces\u00a0and\u200ba ZWSP.\n\n"
    "Line one  \nline two after a hard break; 한국어 and 👩\u200d💻 coder.\n\n"
    "- first *item*\n- second **item** with `code`\n\n"
    "> A quoted\n> passage.\n\n"
    "| a | b |\n| --- | --- |\n| cell\u00adone | cell two |\n\n"
    "```\npre  formatted\n   text\n```\n"
)


def test_unicode_and_markup_edge_cases_agree(page):
    article = make_article(body=UNICODE_BODY)
    text = article.current_revision.canonical_text
    page.goto(article.get_absolute_url())
    assert page.evaluate(CANONICAL_JS, "body") == text
    for found in page.evaluate(SPANS_JS, "body"):
        if found is not None:
            assert_server_agrees(text, found)
    select_text(page, "Cafe\u0301 owner")
    found = selected_passage(page)
    assert found["quote"] == "Café owner"  # NFC: one code point for é
    assert (found["start"], found["end"]) == (0, len("Café owner"))
    select_text(page, "coder")
    assert selected_passage(page)["start"] == text.index("coder")


def test_awkward_characters_in_every_part_agree(page):
    buffer = io.BytesIO()
    Image.new("RGB", (16, 9), "navy").save(buffer, "PNG")
    odd = "Cafe\u0301\u00a0owner\u00ad’s <b>view</b>\u200b of the quay 🌊 & “more”"
    article = make_article(
        title=f"  {odd}  ",
        standfirst=f"{odd}\r\nsecond  line",
        lead_image=SimpleUploadedFile("quay.png", buffer.getvalue()),
        lead_image_caption=odd,
        lead_image_credit=f"{odd} / Staff",
    )
    page.goto(article.get_absolute_url())
    compared = dict.fromkeys(PARTS, 0)
    for part in PARTS:
        text = article.current_revision.part_text(part)
        assert page.evaluate(CANONICAL_JS, part) == text, part
        for found in page.evaluate(SPANS_JS, part):
            if found is not None:
                assert_server_agrees(text, found)
                compared[part] += 1
    # Every part had selections to compare, or the loop above checked nothing there.
    assert all(compared.values()), compared
    assert article.current_revision.part_text("headline").startswith("Café owner’s <b>view</b>")
