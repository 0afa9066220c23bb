"""Every part of an article a reader sees can be reported (issue 13, item 2): the headline,
standfirst, picture caption and credit as well as the body, with the same gestures, on a
laptop and on a phone; a selection that runs from one part into another reports the part it
starts in, clipped to that part."""

import io
import re

import pytest
from browser.selection import select_text
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from corrections.models import Suggestion
from factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "Harbour wall repairs approved"
STANDFIRST = "Councillors agree a £2.4m plan for the harbour wall."
CAPTION = "The harbour wall at low tide"
CREDIT = "Ann Vale / The Chronicle"


@pytest.fixture(autouse=True)
def _no_minimum_time(settings):
    settings.CORRECTIONS_MIN_SUBMIT_SECONDS = 0


def article_with_picture():
    buffer = io.BytesIO()
    Image.new("RGB", (160, 90), "navy").save(buffer, "PNG")
    return make_article(
        title=HEADLINE,
        standfirst=STANDFIRST,
        lead_image=SimpleUploadedFile("quay.png", buffer.getvalue()),
        lead_image_alt="A harbour wall",
        lead_image_caption=CAPTION,
        lead_image_credit=CREDIT,
    )


def send(dialog, replacement):
    dialog.get_by_label("Suggested correction").fill(replacement)
    dialog.get_by_label("Kind of problem").select_option("factual")
    dialog.get_by_role("button", name=re.compile("Send suggestion")).click()
    expect(dialog.get_by_role("heading", name="Thank you")).to_be_visible()
    return Suggestion.objects.get()


def assert_anchored(suggestion, part, quote):
    assert suggestion.part == part
    assert suggestion.quote == quote
    assert suggestion.anchor_state == Suggestion.AnchorState.EXACT
    text = suggestion.revision.part_text(part)
    assert text[suggestion.start : suggestion.end] == quote


@pytest.mark.parametrize(
    ("part", "needle"),
    [
        ("headline", "repairs approved"),
        ("standfirst", "£2.4m plan"),
        ("caption", "at low tide"),
        ("credit", "Ann Vale"),
    ],
)
def test_ctrl_enter_reports_words_in_every_part(page, part, needle):
    article = article_with_picture()
    page.goto(article.get_absolute_url())
    select_text(page, needle, part=part)
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog", name="Suggest a correction")
    expect(dialog.locator("mark")).to_have_text(needle)
    expect(dialog.locator("input[name=part]")).to_have_value(part)
    expect(dialog.locator("input[name=quote]")).to_have_value(needle)

    suggestion = send(dialog, needle.upper())
    assert_anchored(suggestion, part, needle)
    assert suggestion.input_method == Suggestion.InputMethod.KEYBOARD


@pytest.mark.parametrize(
    ("part", "needle"), [("headline", "wall repairs"), ("caption", "low tide")]
)
def test_a_phone_reports_the_headline_and_the_caption(phone, part, needle):
    article = article_with_picture()
    phone.goto(article.get_absolute_url())
    phone.touchscreen.tap(10, 10)
    select_text(phone, needle, part=part)
    button = phone.locator("[data-suggest-float]")
    expect(button).to_be_visible()
    button.tap()
    dialog = phone.get_by_role("dialog")
    expect(dialog.locator("mark")).to_have_text(needle)
    expect(dialog.locator("input[name=part]")).to_have_value(part)
    expect(dialog.locator("input[name=input_method]")).to_have_value("touch")

    suggestion = send(dialog, "high tide")
    assert_anchored(suggestion, part, needle)


SELECT_ACROSS_JS = """
([startSelector, startOffset, endSelector, endOffset]) => {
  const textIn = (selector) => {
    const root = document.querySelector(selector);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) if (walker.currentNode.data.trim()) return walker.currentNode;
  };
  const range = document.createRange();
  range.setStart(textIn(startSelector), startOffset);
  range.setEnd(textIn(endSelector), endOffset);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
}
"""


@pytest.mark.parametrize(
    ("start", "end", "part", "quote"),
    [
        # From the headline into the text: the headline's words from the start point on.
        (("h1", 8), ("[data-part=body] p", 10), "headline", "wall repairs approved"),
        # From the caption across "Photo:" into the credit: the rest of the caption.
        (("[data-part=caption]", 17), ("[data-part=credit]", 3), "caption", "at low tide"),
        # From the byline, which is no part, over the picture into the text: the part it
        # ends in.
        ((".article__byline time", 0), ("[data-part=body] p", 15), "body", "The council met"),
        # From the section link, which is no part, to the byline: the first part covered.
        ((".article__section a", 0), (".article__byline time", 2), "headline", HEADLINE),
    ],
)
def test_a_selection_across_parts_reports_the_part_it_starts_in(page, start, end, part, quote):
    article = article_with_picture()
    page.goto(article.get_absolute_url())
    page.evaluate(SELECT_ACROSS_JS, [*start, *end])
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog", name="Suggest a correction")
    expect(dialog.locator("mark")).to_have_text(quote)
    expect(dialog.locator("input[name=part]")).to_have_value(part)

    suggestion = send(dialog, "fixed")
    assert_anchored(suggestion, part, quote)


def test_the_section_link_and_byline_are_not_reportable(page):
    article = article_with_picture()
    page.goto(article.get_absolute_url())
    page.locator(".article__section a").select_text()
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("dialog")).to_be_hidden()


@pytest.mark.parametrize(
    ("part", "needle", "whole"),
    [("headline", "repairs", HEADLINE), ("caption", "low", CAPTION), ("credit", "Vale", CREDIT)],
)
def test_a_short_part_is_shown_whole_around_the_selection(page, part, needle, whole):
    # Its context was not cut, so no word is dropped and no "…" added.
    article = article_with_picture()
    page.goto(article.get_absolute_url())
    select_text(page, needle, part=part)
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog", name="Suggest a correction")
    expect(dialog.locator("blockquote")).to_have_text(whole)


def test_a_long_context_is_still_cut_at_whole_words(page):
    article = make_article(body="One two three four five six seven eight nine ten " * 3)
    page.goto(article.get_absolute_url())
    select_text(page, "five", nth=2)
    page.keyboard.press("Control+Enter")
    quote = page.get_by_role("dialog", name="Suggest a correction").locator("blockquote")
    expect(quote).to_have_text(re.compile(r"^…\w.* five .*\w…$"))
