"""The hint above "Suggest a correction" names what the reader's device can do."""

import pytest
from playwright.sync_api import expect

from factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_keyboard_reader_is_told_the_shortcut(page):
    page.goto(make_article().get_absolute_url())
    expect(page.locator("[data-suggest-hint]")).to_contain_text("Select the words and press")
    expect(page.locator("[data-suggest-hint]").get_by_text("tap the button")).to_be_hidden()


def test_a_phone_reader_is_told_to_tap_not_to_press_keys(phone):
    phone.goto(make_article().get_absolute_url())
    hint = phone.locator("[data-suggest-hint]")
    expect(hint.get_by_text("tap the button that appears below them")).to_be_visible()
    expect(phone.locator("[data-suggest-hint] kbd")).to_be_hidden()
