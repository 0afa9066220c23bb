"""The public pages that the accessibility (axe-core) and HTML validity (vnu) checks visit.

To check a new page, add one line to `checked_pages`: both checks pick it up. A page that
needs an interaction first (an open dialog) gets its own browser test calling
`axe_violations(page)` in a context made with `bypass_csp=True`.
"""

import os
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from newsroom.models import Article

NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# axe reports these impacts as blocking; "minor" and "moderate" ones are advice.
BLOCKING_IMPACTS = {"serious", "critical"}

# The demo article with the awkward paragraph (NBSP, soft hyphen, curly quotes, emoji).
DEMO_ARTICLE = "tide-tables-and-the-second-harbour-bridge"


def checked_pages() -> dict[str, str]:
    """Load the demo newsroom and return {name: URL} of every page to check."""
    call_command("seed_demo", stdout=StringIO())
    article = Article.objects.select_related("section").get(slug=DEMO_ARTICLE)
    return {
        "home": "/",
        "section": article.section.get_absolute_url(),
        "article": article.get_absolute_url(),
        "not found": "/no-such-section/",
    }


def require_tool(path: Path, *, command: str | None = None) -> None:
    """Skip when a checking tool is missing, except in CI, where that is a failure."""
    missing = f"{path.relative_to(NODE_MODULES.parent)} is missing (run `npm ci`)"
    if path.exists() and (command is None or shutil.which(command)):
        return
    if path.exists():
        missing = f"`{command}` is not installed"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{missing}; CI must run this check.")
    pytest.skip(missing)


def axe_violations(page) -> list[str]:
    """Run axe-core in a Playwright page; return its serious and critical violations.

    The script is injected inline, which our CSP forbids: the page's browser context must
    be created with `bypass_csp=True`.
    """
    page.add_script_tag(path=AXE_SCRIPT)
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['impact']}: {violation['id']} ({violation['help']}) at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]
