"""axe-core in Chromium: no serious or critical accessibility violation on any public page."""

import pytest

from checked_pages import AXE_SCRIPT, axe_violations, checked_pages, require_tool

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
    problems = {}
    for name, url in checked_pages().items():
        axe_page.goto(url)
        if violations := axe_violations(axe_page):
            problems[name] = violations
    assert problems == {}
