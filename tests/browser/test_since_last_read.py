import json

import pytest

from corrections.models import ChangeNote
from factories import edit_article, make_article, make_change_note

pytestmark = pytest.mark.django_db(transaction=True)

NOTICE = "This article has been corrected since you last read it."


def visit(page, article):
    # A returning reader comes back after the page's short max-age has run out; routing
    # every request turns the browser's HTTP cache off, as that passing time would. The
    # server's own page cache stays on: edits and notes must invalidate it by themselves.
    page.route("**/*", lambda route: route.continue_())
    page.goto(article.get_absolute_url())


def test_a_returning_reader_is_told_once_about_a_correction(page):
    article = make_article()
    visit(page, article)
    assert page.get_by_text(NOTICE).is_hidden()

    revision = edit_article(article, body=article.body.replace("£2.4m", "£3.1m"))
    make_change_note(article=article, kind=ChangeNote.Kind.CORRECTION, revision_after=revision)
    visit(page, article)
    notice = page.get_by_text(NOTICE)
    assert notice.is_visible()
    assert page.get_by_role("link", name="See what changed").get_attribute("href") == (
        f"{article.get_absolute_url()}changes/"
    )

    visit(page, article)
    assert page.get_by_text(NOTICE).is_hidden()
    assert page.console_errors == []


def test_first_visits_and_minor_fixes_say_nothing(page):
    article = make_article()
    revision = edit_article(article, body="First correction.")
    make_change_note(article=article, kind=ChangeNote.Kind.CORRECTION, revision_after=revision)
    visit(page, article)
    assert page.get_by_text(NOTICE).is_hidden()

    revision = edit_article(article, body="A typo fixed.")
    make_change_note(article=article, kind=ChangeNote.Kind.MINOR_FIX, revision_after=revision)
    visit(page, article)
    assert page.get_by_text(NOTICE).is_hidden()


def test_structured_data_raises_no_csp_error(page):
    article = make_article()
    make_change_note(article=article, text="</script><script>alert(1)</script>")
    visit(page, article)
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "NewsArticle"
    assert page.console_errors == []
