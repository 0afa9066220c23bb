"""The reader's correction flow in a real Chromium: shortcut, touch, button, no-JS form."""

import re

import pytest
from browser.selection import select_text
from playwright.sync_api import expect

from corrections.models import Suggestion
from factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_minimum_time(settings):
    # The live server runs in this process, so the setting reaches it; a test types faster
    # than any person.
    settings.CORRECTIONS_MIN_SUBMIT_SECONDS = 0


def open_with_shortcut(page, article, needle, nth=1, keys="Control+Enter"):
    page.goto(article.get_absolute_url())
    select_text(page, needle, nth)
    page.keyboard.press(keys)
    dialog = page.get_by_role("dialog", name="Suggest a correction")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Suggested correction")).to_be_visible()
    return dialog


def test_ctrl_enter_opens_the_dialog_with_the_selected_passage(page):
    article = make_article()
    dialog = open_with_shortcut(page, article, "harbour wall")
    expect(dialog.locator("mark")).to_have_text("harbour wall")
    expect(dialog.locator("blockquote")).to_contain_text("Councillors voted to repair the")
    expect(dialog.locator("input[name=quote]")).to_have_value("harbour wall")
    expect(dialog.locator("input[name=input_method]")).to_have_value("keyboard")
    expect(dialog.get_by_role("button", name=re.compile("Send suggestion"))).to_contain_text(
        "Ctrl+↵"
    )
    assert page.console_errors == []


def test_the_passage_is_shown_as_text_never_as_html(page):
    article = make_article(body="Use the `<b>bold</b>` tag for emphasis.")
    dialog = open_with_shortcut(page, article, "<b>bold</b>")
    expect(dialog.locator("mark")).to_have_text("<b>bold</b>")
    assert dialog.locator("mark b").count() == 0


def test_command_enter_opens_the_dialog_on_a_mac(browser, live_server, settings):
    context = browser.new_context(base_url=live_server.url)
    context.add_init_script(
        "Object.defineProperty(navigator, 'platform', {get: () => 'MacIntel'});"
        "Object.defineProperty(navigator, 'userAgentData', {get: () => undefined});"
    )
    page = context.new_page()
    article = make_article()
    page.goto(article.get_absolute_url())
    expect(page.locator(".suggest__hint kbd")).to_have_text("⌘↵")
    dialog = open_with_shortcut(page, article, "harbour wall", keys="Meta+Enter")
    expect(dialog.locator("mark")).to_have_text("harbour wall")
    expect(dialog.get_by_role("button", name=re.compile("Send")).locator("kbd")).to_have_text("⌘↵")
    context.close()


KEYDOWN_JS = """
([keyCode, isComposing]) => {
  const event = new KeyboardEvent("keydown", {
    key: "Enter", ctrlKey: true, isComposing, bubbles: true,
  });
  Object.defineProperty(event, "keyCode", { get: () => keyCode });
  document.activeElement.dispatchEvent(event);
}
"""


def test_ctrl_enter_reported_as_key_code_10_opens_the_dialog(page):
    article = make_article()
    page.goto(article.get_absolute_url())
    select_text(page, "harbour wall")
    page.evaluate(KEYDOWN_JS, [10, False])
    expect(page.get_by_role("dialog").locator("mark")).to_have_text("harbour wall")


@pytest.mark.parametrize(("key_code", "composing"), [(13, True), (229, False)])
def test_shortcut_during_ime_composition_does_nothing(page, key_code, composing):
    article = make_article()
    page.goto(article.get_absolute_url())
    select_text(page, "harbour wall")
    page.evaluate(KEYDOWN_JS, [key_code, composing])
    expect(page.get_by_role("dialog")).to_be_hidden()


def test_shortcut_typed_in_an_input_does_nothing(page):
    article = make_article()
    page.goto(article.get_absolute_url())
    page.evaluate(
        "document.querySelector('[data-correctable]')"
        ".insertAdjacentHTML('afterend', '<input id=probe aria-label=probe>')"
    )
    page.locator("#probe").fill("harbour wall")
    page.locator("#probe").select_text()
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("dialog")).to_be_hidden()


def test_shortcut_with_a_selection_outside_the_articles_parts_does_nothing(page):
    article = make_article(title="Quay reopens")
    page.goto(article.get_absolute_url())
    page.locator(".article__section a").select_text()
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("dialog")).to_be_hidden()


def test_touch_selection_shows_a_button_below_it_that_opens_the_dialog(phone):
    article = make_article()
    phone.goto(article.get_absolute_url())
    phone.touchscreen.tap(10, 10)
    select_text(phone, "harbour wall")
    button = phone.locator("[data-suggest-float]")
    expect(button).to_be_visible()
    selection_bottom = phone.evaluate("getSelection().getRangeAt(0).getBoundingClientRect().bottom")
    assert button.bounding_box()["y"] >= selection_bottom
    button.tap()
    dialog = phone.get_by_role("dialog")
    expect(dialog.locator("mark")).to_have_text("harbour wall")
    expect(dialog.locator("input[name=input_method]")).to_have_value("touch")


def test_end_of_article_button_reports_the_whole_article(page):
    article = make_article()
    page.goto(article.get_absolute_url())
    page.get_by_role("button", name="Suggest a correction").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("About the article as a whole")).to_be_visible()
    dialog.get_by_label("What is wrong?").fill("The headline says Tuesday, the text Monday.")
    dialog.get_by_label("Kind of problem").select_option("factual")
    dialog.get_by_role("button", name=re.compile("Send suggestion")).click()
    expect(dialog.get_by_role("heading", name="Thank you")).to_be_visible()
    suggestion = Suggestion.objects.get()
    assert suggestion.input_method == Suggestion.InputMethod.BUTTON
    assert suggestion.anchor_state == Suggestion.AnchorState.WHOLE_ARTICLE


def test_escape_closes_the_dialog_and_focus_returns(page):
    article = make_article()
    page.goto(article.get_absolute_url())
    button = page.get_by_role("button", name="Suggest a correction")
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_label("What is wrong?")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(button).to_be_focused()


def test_validation_errors_show_in_the_dialog_and_keep_the_text(page):
    article = make_article()
    dialog = open_with_shortcut(page, article, "harbour wall")
    dialog.get_by_label("Suggested correction").fill("sea wall")
    dialog.get_by_label("Tell me by email").check()
    dialog.get_by_role("button", name=re.compile("Send suggestion")).click()
    expect(dialog.get_by_text("Give an email address")).to_be_visible()
    expect(dialog.get_by_label("Suggested correction")).to_have_value("sea wall")
    expect(dialog.locator("input[name=quote]")).to_have_value("harbour wall")
    assert not Suggestion.objects.exists()


def test_success_shows_thanks_and_the_status_page(page):
    article = make_article()
    dialog = open_with_shortcut(page, article, "£2.4m")
    dialog.get_by_label("Suggested correction").fill("£2.6m")
    dialog.get_by_label("Kind of problem").select_option("factual")
    dialog.get_by_label("Suggested correction").press("Control+Enter")
    expect(dialog.get_by_role("heading", name="Thank you")).to_be_visible()
    suggestion = Suggestion.objects.get()
    assert (suggestion.quote, suggestion.replacement) == ("£2.4m", "£2.6m")
    assert suggestion.anchor_state == Suggestion.AnchorState.EXACT
    text = suggestion.revision.canonical_text
    assert text[suggestion.start : suggestion.end] == "£2.4m"
    dialog.locator('a[href^="/corrections/s/"]').click()
    expect(page.get_by_role("heading", name="Your suggestion")).to_be_visible()
    expect(page.locator("mark")).to_have_text("£2.4m")
    expect(page.get_by_text("£2.6m")).to_be_visible()
    expect(page.locator(".suggest-status__status")).to_have_text("New")
    assert page.console_errors == []  # no CSP violation from htmx or the widget


def test_a_failed_send_keeps_the_text_and_a_retry_makes_one_suggestion(page):
    article = make_article()
    dialog = open_with_shortcut(page, article, "harbour wall")
    dialog.get_by_label("Suggested correction").fill("sea wall")
    dialog.get_by_label("Kind of problem").select_option("factual")
    answers = []

    def lose_the_answer(route):
        # The server stores it but the reader sees a 503 (a proxy timing out, say).
        response = route.fetch()
        answers.append(response.status)
        route.fulfill(status=503, body="unavailable")

    page.route("**/suggest/", lose_the_answer, times=1)
    send = dialog.get_by_role("button", name=re.compile("Send suggestion"))
    send.click()
    expect(dialog.get_by_role("alert")).to_contain_text("your text is still here", ignore_case=True)
    expect(dialog.get_by_label("Suggested correction")).to_have_value("sea wall")
    send.click()
    expect(dialog.get_by_role("heading", name="Thank you")).to_be_visible()
    assert answers == [201]
    assert Suggestion.objects.count() == 1


def test_offline_send_says_so_and_keeps_the_text(page):
    article = make_article()
    dialog = open_with_shortcut(page, article, "harbour wall")
    dialog.get_by_label("What is wrong?").fill("Wrong wall.")
    page.route("**/suggest/", lambda route: route.abort("internetdisconnected"), times=1)
    dialog.get_by_role("button", name=re.compile("Send suggestion")).click()
    expect(dialog.get_by_role("alert")).to_contain_text("connection")
    expect(dialog.get_by_label("What is wrong?")).to_have_value("Wrong wall.")


def test_the_article_page_sets_no_cookie_until_the_form_opens(page, live_server):
    article = make_article()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(article.get_absolute_url())
    assert page.context.cookies() == []
    assert "csrfmiddlewaretoken" not in page.content()
    page.get_by_role("button", name="Suggest a correction").click()
    expect(page.get_by_label("What is wrong?")).to_be_visible()
    assert [cookie["name"] for cookie in page.context.cookies()] == ["csrftoken"]
    assert page.console_errors == []
    assert all(url.startswith(live_server.url) for url in requested), "third-party request"


def test_without_javascript_the_link_leads_to_a_working_form(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    article = make_article()
    page.goto(article.get_absolute_url())
    page.get_by_role("link", name="Suggest a correction").click()
    page.get_by_label("The words that are wrong").fill("harbour wall")
    page.get_by_label("What is wrong?").fill("It is the sea wall.")
    page.get_by_label("Kind of problem").select_option("factual")
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    suggestion = Suggestion.objects.get()
    assert suggestion.input_method == Suggestion.InputMethod.FORM
    assert suggestion.quote == "harbour wall"
    assert suggestion.anchor_state == Suggestion.AnchorState.EXACT
    context.close()


def test_an_expired_security_check_keeps_the_text_and_sending_again_works(page):
    article = make_article()
    dialog = open_with_shortcut(page, article, "harbour wall")
    dialog.get_by_label("Suggested correction").fill("sea wall")
    dialog.get_by_label("Kind of problem").select_option("factual")
    token = dialog.locator("[name=csrfmiddlewaretoken]")
    stale = token.input_value()
    page.context.clear_cookies()
    send = dialog.get_by_role("button", name=re.compile("Send suggestion"))
    send.click()
    expect(dialog.get_by_role("alert")).to_contain_text("security check")
    expect(dialog.get_by_label("Suggested correction")).to_have_value("sea wall")
    expect(token).not_to_have_value(stale)
    send.click()
    expect(dialog.get_by_role("heading", name="Thank you")).to_be_visible()
    assert Suggestion.objects.count() == 1
