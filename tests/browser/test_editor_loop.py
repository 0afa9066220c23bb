"""The whole desk loop in Chromium: an editor accepts a reader's fix and the article shows it."""

import importlib

import pytest
from desk_users import PASSWORD, make_editor
from django.apps import apps
from django.urls import reverse

from factories import make_article, make_suggestion

pytestmark = pytest.mark.django_db(transaction=True)

# Where the report looks at the editor's page.
SCREENSHOT = "/tmp/desk-suggestion.png"  # noqa: S108
QUEUE_SCREENSHOT = "/tmp/desk-queue.png"  # noqa: S108
ACCEPT_SCREENSHOT = "/tmp/desk-accept.png"  # noqa: S108


@pytest.fixture
def desk_groups():
    # Transactional tests empty every table afterwards, the groups from the data migration
    # included; put them back for this test.
    migration = importlib.import_module("corrections.migrations.0002_editors_and_authors_groups")
    migration.create_groups(apps, None)


def test_an_editor_accepts_and_applies_a_readers_correction(page, desk_groups):
    article = make_article(
        title="Harbour wall repairs approved",
        body=(
            "The council met on Tuesday evening.\n\n"
            "Councillors voted to repair the harbour wall before winter.\n\n"
            "The work will cost £2.4m and start in March."
        ),
    )
    suggestion = make_suggestion(
        article=article,
        quote="£2.4m",
        replacement="£4.2m",
        kind="factual",
        explanation="The council papers say £4.2m.",
    )
    make_suggestion(article=article, quote="cost £2.4m", replacement="cost £4.2m", kind="factual")
    editor = make_editor(username="desk-editor")

    page.goto(reverse("admin:login"))
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(reverse("admin:corrections_suggestion_changelist"))
    page.screenshot(path=QUEUE_SCREENSHOT)
    page.get_by_role("link", name="£2.4m", exact=True).click()
    assert page.locator("mark").first.inner_text() == "£2.4m"
    page.screenshot(path=SCREENSHOT, full_page=True)

    page.locator("select[name='CHANGE_FORM-action']").select_option("accept")
    page.get_by_role("button", name="Run").click()
    assert "£4.2m" in page.get_by_label("Public text of the note").input_value()
    page.get_by_label("Public text of the note").fill("We misreported the cost of the work.")
    page.get_by_label("Apply the suggested replacement").check()
    page.screenshot(path=ACCEPT_SCREENSHOT, full_page=True)
    page.get_by_role("button", name="Accept and publish the note").click()
    assert "Accepted 1 suggestion" in page.locator(".messagelist").inner_text()

    article.refresh_from_db()
    page.console_errors.clear()  # the admin asks for a /favicon.ico the site does not serve
    page.goto(article.get_absolute_url())
    body = page.locator("[data-part=body]").inner_text()
    assert "The work will cost £4.2m and start in March." in body
    assert "£2.4m" not in body
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"
    assert page.console_errors == []
