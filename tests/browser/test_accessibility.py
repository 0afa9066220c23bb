"""axe-core in Chromium: no serious or critical accessibility violation on any public page."""

import pytest

from checked_pages import AXE_SCRIPT, checked_pages, require_tool

pytestmark = pytest.mark.django_db(transaction=True)

BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def axe_page(browser, live_server):
    """A page that can run axe: the script is injected inline, which our CSP forbids."""
    require_tool(AXE_SCRIPT)
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    yield context.new_page()
    context.close()


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=AXE_SCRIPT)
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['impact']}: {violation['id']} ({violation['help']}) at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def test_public_pages_have_no_serious_accessibility_violations(axe_page):
    problems = {}
    for name, url in checked_pages().items():
        axe_page.goto(url)
        if violations := axe_violations(axe_page):
            problems[name] = violations
    assert problems == {}
