"""The standards dashboard in Chromium: axe finds no serious or critical violation."""

import importlib

import pytest
from desk_users import PASSWORD, make_editor
from django.apps import apps
from django.urls import reverse

from checked_pages import AXE_SCRIPT, AxeProblems, require_tool
from corrections.models import Suggestion
from factories import make_article, make_suggestion

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desk_groups():
    # Transactional tests empty every table, the groups of the data migration included.
    migration = importlib.import_module("corrections.migrations.0002_editors_and_authors_groups")
    migration.create_groups(apps, None)


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_dashboard_has_no_serious_accessibility_violations(
    browser, live_server, desk_groups, viewport
):
    require_tool(AXE_SCRIPT)
    article = make_article()
    make_suggestion(article=article)
    make_suggestion(article=article, status=Suggestion.Status.SPAM)
    editor = make_editor(username="standards-editor")
    width, height = viewport
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}, bypass_csp=True
    )
    page = context.new_page()
    page.goto(reverse("admin:login"))
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    problems = AxeProblems()
    for query in ("", "?days=7", "?days=90&kind=factual", "?days=5"):
        page.goto(reverse("admin:corrections_suggestion_standards") + query)
        if query == "":
            # The chart's table of figures is folded away; check it opened too.
            page.get_by_text("The figures of this chart").click()
        problems.check(query or "default", page)
    context.close()
    assert problems == {}
