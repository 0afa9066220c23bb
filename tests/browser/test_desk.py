"""A morning at the desk in Chromium: triage, accept a group with its fix, reject the next.

Then the public record shows exactly that: the article, its changelog, /corrections/ and
each reader's status page. axe checks the desk's own pages at desktop and phone widths;
screenshots of the queue, a suggestion page and the accept preview land in /tmp/shots/desk/.
"""

import importlib
import re
from pathlib import Path

import pytest
from desk_users import PASSWORD, make_editor
from django.apps import apps
from django.urls import reverse
from playwright.sync_api import expect

from checked_pages import AXE_SCRIPT, AxeProblems, require_tool
from corrections.models import ChangeNote, Suggestion
from factories import make_article, make_suggestion

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/tmp/shots/desk")  # noqa: S108
WIDTHS = {"1280": {"width": 1280, "height": 900}, "390": {"width": 390, "height": 844}}
BODY = (
    "The lantern festival drew more than 60 events to the quay this year.\n\n"
    "Tickets for the closing parade sold out on Friday."
)


@pytest.fixture
def desk_groups():
    # Transactional tests empty every table afterwards, the groups from the data migration
    # included; put them back for this test.
    migration = importlib.import_module("corrections.migrations.0002_editors_and_authors_groups")
    migration.create_groups(apps, None)


@pytest.fixture
def desk(browser, live_server, desk_groups):
    """Desk pages at both widths, logged in as an editor; axe may run (CSP bypassed)."""
    editor = make_editor(username="desk-editor")
    contexts = {}
    for name, viewport in WIDTHS.items():
        context = browser.new_context(base_url=live_server.url, viewport=viewport, bypass_csp=True)
        page = context.new_page()
        page.goto(reverse("admin:login"))
        page.get_by_label("Username").fill(editor.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        contexts[name] = (context, page)
    yield {name: page for name, (_, page) in contexts.items()}
    for context, _ in contexts.values():
        context.close()


def look(pages, url, name, problems, *, axe=True):
    """Open ``url`` at each width: screenshot it and collect axe's blocking violations."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, page in pages.items():
        page.goto(url)
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
        if axe:
            problems.check(f"{name} at {width}", page)


def test_a_morning_at_the_desk(desk, live_server):
    require_tool(AXE_SCRIPT)
    article = make_article(title="Lantern festival draws crowds to the quay", body=BODY)
    readers = [
        make_suggestion(
            article=article,
            quote=quote,
            replacement=replacement,
            kind=kind,
            explanation=f"Reader {number}: the programme lists seventy.",
        )
        for number, (quote, replacement, kind) in enumerate(
            [
                ("more than 60 events", "more than 70 events", "typo"),
                ("60 events", "70 events", "factual"),
                ("60", "70", "typo"),
            ],
            start=1,
        )
    ]
    friday = make_suggestion(
        article=article,
        quote="Friday",
        replacement="Thursday",
        kind="factual",
        explanation="It sold out on Thursday.",
    )
    page = desk["1280"]
    problems = AxeProblems()
    queue = reverse("admin:corrections_suggestion_changelist")

    # The queue: two rows, the group of three first.
    look(desk, queue, "queue", problems)
    page.goto(queue)
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2
    assert "3 readers" in rows.nth(0).inner_text()
    assert "1 reader" in rows.nth(1).inner_text()

    # The group's page: every report, the decisions as buttons.
    rows.nth(0).get_by_role("link").first.click()
    # Loaded before the next page is asked for: the live server's threads share one
    # in-memory database connection, and two requests at once can fail (a 503) under load.
    page.wait_for_url(re.compile(r"/admin/corrections/suggestion/\d+/change/$"))
    look(desk, page.url, "suggestion", problems)
    page.goto(page.url)
    for number in (1, 2, 3):
        assert f"Reader {number}: the programme lists seventy." in page.content()

    # Accept with the defaults: the fix is applied, the note published with its revision.
    page.get_by_role("button", name="Accept…").click()
    assert page.get_by_label("Apply the suggested replacement").is_checked()
    assert page.get_by_label("Kind of change note").input_value() == "correction"
    preview = page.locator(".desk-preview")
    assert preview.locator("del").first.inner_text() == "60"
    assert preview.locator("ins").first.inner_text() == "70"
    phone = desk["390"]
    phone.goto(page.url)
    phone.get_by_role("button", name="Accept…").click()
    for width, shown in (("1280", page), ("390", phone)):
        shown.screenshot(path=SHOTS / f"accept-{width}.png", full_page=True)
        problems.check(f"accept preview at {width}", shown)
    page.get_by_role("button", name="Accept and publish").click()

    # Lands on the next open report, says what was done; reject it with a reason.
    assert "Accepted 3 suggestions" in page.locator(".messagelist").inner_text()
    assert page.url.endswith(reverse("admin:corrections_suggestion_change", args=[friday.pk]))
    # The shortcuts listen once desk.js (a deferred module) has run; on a loaded machine
    # a key pressed as soon as the message shows could come before it.
    page.wait_for_load_state()
    page.keyboard.press("r")
    page.get_by_label("Reason shown to the reader").fill("The box office sold out on Friday.")
    page.get_by_role("button", name="Reject", exact=True).click()
    assert "Rejected 1 suggestion" in page.locator(".messagelist").inner_text()
    assert page.url.endswith(queue)

    # The public record shows exactly that.
    note = ChangeNote.objects.get()
    article.refresh_from_db()
    assert note.kind == ChangeNote.Kind.CORRECTION
    assert note.revision_after == article.current_revision
    assert article.current_revision.number == 2
    page.goto(article.get_absolute_url())
    text = page.locator("[data-part=body]").inner_text()
    assert "more than 70 events" in text and "60" not in text
    assert "sold out on Friday" in text
    assert page.locator(".change-note--correction").count() == 1
    page.goto(reverse("corrections:changelog", kwargs=article.url_kwargs()))
    assert page.locator(".diff del").first.inner_text() == "60"
    assert page.locator(".diff ins").first.inner_text() == "70"
    page.goto(reverse("corrections:list"))
    assert article.title in page.content()
    for reader in readers:
        reader.refresh_from_db()
        assert reader.status == Suggestion.Status.ACCEPTED
        page.goto(reverse("corrections:status", args=[reader.token]))
        assert "Accepted" in page.locator("main").inner_text()
    friday.refresh_from_db()
    page.goto(reverse("corrections:status", args=[friday.token]))
    assert "The box office sold out on Friday." in page.locator("main").inner_text()

    assert problems == {}


def test_a_fix_that_cannot_be_applied_goes_through_the_article_form(desk):
    require_tool(AXE_SCRIPT)
    article = make_article(
        title="Harbour walls", body="The harbour wall is old.\n\nThe harbour wall is long."
    )
    suggestion = make_suggestion(
        article=article, quote="harbour wall", replacement="sea wall", kind="factual"
    )
    page = desk["1280"]
    problems = AxeProblems()
    look(desk, reverse("admin:index"), "index", problems)

    page.goto(reverse("admin:corrections_suggestion_change", args=[suggestion.pk]))
    page.keyboard.press("a")
    assert "occurs 2 times" in page.locator(".errornote").inner_text()
    assert page.get_by_label("Kind of change note").input_value() == "clarification"
    page.get_by_role("link", name="edit the article with this suggestion").click()
    page.wait_for_url(re.compile(r"/admin/newsroom/article/\d+/change/\?resolves=\d+$"))
    look(desk, page.url, "article-form-resolving", problems)
    page.goto(page.url)
    assert page.get_by_label("What kind of change is this?").input_value() == "correction"
    body = page.get_by_label("Body")
    body.fill(body.input_value().replace("The harbour wall is old.", "The sea wall is old.", 1))
    page.get_by_role("button", name="Save", exact=True).click()

    assert "resolves 1 reader" in page.locator(".messagelist").inner_text()
    suggestion.refresh_from_db()
    article.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ACCEPTED
    assert suggestion.change_note.revision_after == article.current_revision
    assert article.current_revision.number == 2
    assert problems == {}


def test_every_desk_page_has_no_serious_accessibility_violations(desk):
    """The desk's pages beyond the morning's walk: lists, forms and the decision pages."""
    require_tool(AXE_SCRIPT)
    article = make_article(title="Harbour walls", body="The harbour wall is old.")
    suggestion = make_suggestion(article=article, quote="harbour wall", replacement="sea wall")
    make_suggestion(article=article, quote="old", replacement="new", status="rejected")
    problems = AxeProblems()
    for name, url in {
        "queue-all": reverse("admin:corrections_suggestion_changelist") + "?status=all",
        "notes": reverse("admin:corrections_changenote_changelist"),
        "note-add": reverse("admin:corrections_changenote_add"),
        "articles": reverse("admin:newsroom_article_changelist"),
        "article-form": reverse("admin:newsroom_article_change", args=[article.pk]),
        "dashboard": reverse("admin:corrections_suggestion_standards"),
    }.items():
        look(desk, url, name, problems)
    # Django's own widgets on the article form, named for a screen reader.
    form = desk["390"]
    form.goto(reverse("admin:newsroom_article_change", args=[article.pk]))
    expect(form.locator(".field-authors .select2-search__field")).to_have_accessible_name("Authors")
    expect(form.locator("input[type=file]")).to_have_accessible_name("Lead image")
    change = reverse("admin:corrections_suggestion_change", args=[suggestion.pk])
    for decision in ("Reject…", "Duplicate…"):
        for width, page in desk.items():
            page.goto(change)
            page.get_by_role("button", name=decision).click()
            page.screenshot(path=SHOTS / f"{decision[:-1].lower()}-{width}.png", full_page=True)
            problems.check(f"{decision} at {width}", page)
    assert problems == {}


def test_the_queue_fits_a_phone_and_stays_a_table(desk):
    article = make_article(title="Lantern festival draws crowds to the quay", body=BODY)
    make_suggestion(
        article=article,
        quote="more than 60 events",
        replacement="more than 70 events",
        kind="factual",
        explanation="The programme printed by the harbour trust lists seventy events. " * 2,
    )
    make_suggestion(article=article, quote="Friday", replacement="Thursday")
    queue = reverse("admin:corrections_suggestion_changelist")
    roles = {}
    for width, page in desk.items():
        page.goto(queue)
        results = page.locator("#changelist-form .results")
        assert results.evaluate("box => box.scrollWidth <= box.clientWidth"), width
        roles[width] = {
            role: page.get_by_role(role).count()
            for role in ("table", "row", "columnheader", "rowheader", "cell")
        }
    # A screen reader meets the same table on a phone: rows, cells and their column names.
    assert (
        roles["390"]
        == roles["1280"]
        == {
            "table": 1,
            "row": 3,
            "columnheader": 8,
            "rowheader": 2,
            "cell": 14,
        }
    )
