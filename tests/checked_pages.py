"""The public pages that the accessibility (axe-core) and HTML validity (vnu) checks visit.

To check a new page, add one line to `checked_pages`: both checks pick it up. The states
of the suggestion form (errors, thank-you, a failed security check) are reached by posting:
`tests/test_html_validity.py` posts them with the test client, and
`tests/browser/test_accessibility.py` reaches the same states in the browser, in the dialog
opened with Ctrl+Enter as well as on the page without JavaScript.
"""

import os
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from corrections import demo
from corrections.forms import form_key_issue
from corrections.models import ChangeNote, Suggestion
from factories import make_picture
from newsroom.models import Article, Author, Section
from newsroom.services import article_save

NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# axe reports these impacts as blocking; "minor" and "moderate" ones are advice.
BLOCKING_IMPACTS = {"serious", "critical"}

# The demo article with the awkward paragraph (NBSP, soft hyphen, curly quotes, emoji).
DEMO_ARTICLE = "tide-tables-and-the-second-harbour-bridge"
# The demo article with a correction at the top and an update at the end.
NOTED_ARTICLE = demo.COUNCIL
# The demo article written in Ukrainian: its page, form, record and status speak Ukrainian.
UKRAINIAN_ARTICLE = demo.SATURDAY_SCHOOL
# Notes added so that /corrections/ has a second page (20 notes a page).
EXTRA_NOTES = 25


def _status_url(key: str) -> str:
    return reverse("corrections:status", args=[Suggestion.objects.get(idempotency_key=key).token])


def checked_pages() -> dict[str, str]:
    """Load the demo newsroom and return {name: URL} of every page to check."""
    call_command("seed_demo", stdout=StringIO())
    article = Article.objects.select_related("section").get(slug=DEMO_ARTICLE)
    noted = Article.objects.get(slug=NOTED_ARTICLE).get_absolute_url()
    ukrainian = Article.objects.get(slug=UKRAINIAN_ARTICLE).get_absolute_url()
    other = Article.objects.exclude(
        slug__in=[DEMO_ARTICLE, NOTED_ARTICLE, UKRAINIAN_ARTICLE]
    ).first()
    ChangeNote.objects.bulk_create(
        ChangeNote(
            article=other,
            kind=ChangeNote.Kind.CLARIFICATION,
            text=f"Clarification number {number}, added for the checks.",
            revision_after_id=other.current_revision_id,
        )
        for number in range(EXTRA_NOTES)
    )
    recredited = Article.objects.exclude(
        slug__in=[DEMO_ARTICLE, NOTED_ARTICLE, UKRAINIAN_ARTICLE, other.slug]
    ).first()
    recredited.section = Section.objects.exclude(pk=recredited.section_id).first()
    recredited.lead_image = make_picture("recredited.png")
    article_save(
        article=recredited, authors=Author.objects.exclude(articles=recredited).order_by("pk")[:2]
    )
    return {
        "home": "/",
        "section": article.section.get_absolute_url(),
        "article": article.get_absolute_url(),
        "article with notes": noted,
        "suggestion form without JavaScript": noted + "suggest/",
        "changelog": noted + "changes/",
        "changelog of a byline, section and picture change": (
            recredited.get_absolute_url() + "changes/"
        ),
        "status of a new suggestion": _status_url("demo-football-attendance"),
        "status of a report on a picture caption": _status_url("demo-football-caption"),
        "status of a rejected suggestion": _status_url(demo.REJECTED_REPORT["key"]),
        "status of an accepted suggestion": _status_url(demo.COUNCIL_REPORT["key"]),
        "corrections": "/corrections/",
        "corrections, page 2": "/corrections/?page=2",
        "corrections policy": "/corrections/policy/",
        "not found": "/no-such-section/",
        "article in Ukrainian": ukrainian,
        "suggestion form without JavaScript, in Ukrainian": ukrainian + "suggest/",
        "changelog in Ukrainian": ukrainian + "changes/",
        "status of an accepted suggestion, in Ukrainian": _status_url(
            demo.SATURDAY_SCHOOL_REPORT["key"]
        ),
    }


def suggestion_data(article: Article, **fields) -> dict:
    """A valid suggestion about ``article`` as the form without JavaScript posts it."""
    return {
        "article": article.pk,
        "revision": article.current_revision_id,
        "idempotency_key": form_key_issue(article_id=article.pk),
        "quote": "Guildhall",
        "replacement": "Town Hall",
        "explanation": "It met in the Town Hall this year.",
        "kind": "factual",
        "input_method": "form",
        **fields,
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


class AxeProblems(dict):
    """Serious or critical axe violations, by the name of the state they were found in."""

    def __init__(self, page=None):
        super().__init__()
        self.page = page

    def check(self, name: str, page=None) -> None:
        if violations := axe_violations(page or self.page):
            self[name] = violations
