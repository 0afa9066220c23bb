"""axe-core in Chromium: no serious or critical accessibility violation on any public page."""

import re

import pytest
from browser.selection import select_text
from playwright.sync_api import expect

from checked_pages import AXE_SCRIPT, AxeProblems, checked_pages, require_tool

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(
    params=[{"width": 1280, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"]
)
def axe_page(request, browser, live_server):
    """A page that can run axe: the script is injected inline, which our CSP forbids."""
    require_tool(AXE_SCRIPT)
    context = browser.new_context(base_url=live_server.url, viewport=request.param, bypass_csp=True)
    yield context.new_page()
    context.close()


def test_public_pages_have_no_serious_accessibility_violations(axe_page):
    problems = AxeProblems(axe_page)
    for name, url in checked_pages().items():
        axe_page.goto(url)
        problems.check(name)
    assert problems == {}


def test_the_suggestion_dialog_in_every_state_has_no_serious_violations(axe_page, settings):
    # The live server runs in this process; a test types faster than any person.
    settings.CORRECTIONS_MIN_SUBMIT_SECONDS = 0
    pages = checked_pages()
    page = axe_page
    problems = AxeProblems(page)
    check = problems.check

    page.goto(pages["article with notes"])
    select_text(page, "Guildhall")
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog", name="Suggest a correction")
    expect(dialog.get_by_label("Suggested correction")).to_be_visible()
    check("open dialog")
    dialog.get_by_label("Tell me by email").check()
    dialog.get_by_role("button", name=re.compile("Send suggestion")).click()
    expect(dialog.get_by_text("Give an email address")).to_be_visible()
    check("dialog with errors")
    dialog.get_by_label("Tell me by email").uncheck()
    dialog.get_by_label("Suggested correction").fill("Town Hall")
    expect(dialog.locator("ins")).to_have_text("Town Hall")
    check("dialog with a suggested change")
    page.keyboard.press("Escape")
    select_text(page, "Guildhall")
    page.keyboard.press("Control+Enter")
    expect(dialog.get_by_label("Suggested correction")).to_have_value("Town Hall")
    check("dialog with a draft restored")
    dialog.get_by_label("Kind of problem").select_option("factual")
    dialog.get_by_role("button", name=re.compile("Send suggestion")).click()
    expect(dialog.get_by_role("heading", name="Thank you")).to_be_visible()
    check("dialog thank-you")
    page.keyboard.press("Escape")
    page.evaluate("getSelection().removeAllRanges()")
    page.keyboard.press("Control+Enter")
    expect(dialog.get_by_text("About the article as a whole")).to_be_visible()
    expect(dialog.get_by_label("What is wrong?")).to_be_focused()
    check("dialog about the whole article")

    page.goto(pages["suggestion form without JavaScript"])
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.get_by_text("Tell us what is wrong, or")).to_be_visible()
    check("form without JavaScript, with errors")
    page.get_by_label("What is wrong?").fill("It met in the Town Hall this year.")
    page.get_by_label("Kind of problem").select_option("factual")
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    check("form without JavaScript, thank-you")

    page.goto(pages["suggestion form without JavaScript"])
    page.context.clear_cookies()
    page.get_by_label("What is wrong?").fill("It met in the Town Hall this year.")
    page.get_by_label("Kind of problem").select_option("factual")
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.get_by_role("heading", name="Please try again")).to_be_visible()
    check("security check failed")
    assert problems == {}


def test_the_dialog_and_site_in_ukrainian_have_no_serious_violations(axe_page, settings):
    settings.CORRECTIONS_MIN_SUBMIT_SECONDS = 0
    pages = checked_pages()
    page = axe_page
    problems = AxeProblems(page)
    check = problems.check

    page.goto(pages["article in Ukrainian"])
    select_text(page, "сорок сім учнів")
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog", name="Запропонувати виправлення")
    expect(dialog.get_by_label("Запропоноване виправлення")).to_be_visible()
    check("open dialog, in Ukrainian")
    dialog.get_by_label("Повідомте мені електронною поштою").check()
    dialog.get_by_role("button", name=re.compile("Надіслати пропозицію")).click()
    expect(dialog.get_by_text("Вкажіть електронну адресу")).to_be_visible()
    check("dialog with errors, in Ukrainian")
    dialog.get_by_label("Повідомте мені електронною поштою").uncheck()
    dialog.get_by_label("Запропоноване виправлення").fill("сорок вісім учнів")
    page.keyboard.press("Escape")
    select_text(page, "сорок сім учнів")
    page.keyboard.press("Control+Enter")
    expect(dialog.get_by_label("Запропоноване виправлення")).to_have_value("сорок вісім учнів")
    check("dialog with a draft restored, in Ukrainian")
    dialog.get_by_label("Вид помилки").select_option("factual")
    dialog.get_by_role("button", name=re.compile("Надіслати пропозицію")).click()
    expect(dialog.get_by_role("heading", name="Дякуємо")).to_be_visible()
    check("dialog thank-you, in Ukrainian")
    page.keyboard.press("Escape")
    page.evaluate("getSelection().removeAllRanges()")
    page.keyboard.press("Control+Enter")
    expect(dialog.get_by_text("Про статтю загалом")).to_be_visible()
    check("dialog about the whole article, in Ukrainian")

    # The whole site in Ukrainian (LANGUAGE_CODE=uk).
    settings.LANGUAGE_CODE = "uk"
    for name in ("home", "corrections", "corrections policy", "not found"):
        page.goto(pages[name])
        expect(page.locator("html")).to_have_attribute("lang", "uk")
        check(f"{name}, site in Ukrainian")
    assert problems == {}
