"""The Nu Html Checker (vnu-jar) finds no error in any public page."""

import json
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from checked_pages import (
    NOTED_ARTICLE,
    UKRAINIAN_ARTICLE,
    VNU_JAR,
    checked_pages,
    require_tool,
    suggestion_data,
)
from newsroom.models import Article

pytestmark = pytest.mark.django_db


def vnu_errors(pages: dict[str, str], tmp_path) -> dict[str, list[str]]:
    """Check every page in one run of the checker (one JVM start for all of them)."""
    files = {}
    for number, (name, html) in enumerate(pages.items()):
        path = tmp_path / f"{number}.html"
        path.write_text(html, encoding="utf-8")
        files[path] = name
    names = {path.name: name for path, name in files.items()}
    completed = subprocess.run(  # noqa: S603
        [
            shutil.which("java"),
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--exit-zero-always",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    errors: dict[str, list[str]] = {}
    for message in json.loads(completed.stderr)["messages"]:
        # "non-document-error": the checker could not read a page, which must fail too.
        if message["type"] in {"error", "non-document-error"}:
            url = message.get("url", "")
            name = names.get(url.rsplit("/", 1)[-1], url)
            where = f"line {message.get('lastLine')}"
            errors.setdefault(name, []).append(
                f"{where}: {message['message']} {message.get('extract', '')!r}"
            )
    return errors


def posted_pages(article: Article, quote: str = "Guildhall") -> dict[str, str]:
    """The states of the suggestion form without JavaScript, the dialog's same partials."""
    url = article.get_absolute_url() + "suggest/"
    client = Client()
    errors = client.post(url, suggestion_data(article, quote=quote, replacement="", explanation=""))
    # No kind, a text over its limit, an email without consent: every message a reader gets.
    more_errors = client.post(
        url,
        suggestion_data(
            article, quote=quote, kind="", explanation="x" * 2001, email="reader@example.org"
        ),
    )
    thanks = client.post(url, suggestion_data(article, quote=quote))
    # A browser that lost its CSRF cookie (or a forged form) gets the CSRF failure page.
    refused = Client(enforce_csrf_checks=True).post(url, suggestion_data(article))
    assert (errors.status_code, thanks.status_code, refused.status_code) == (422, 201, 403)
    assert more_errors.status_code == 422
    return {
        "suggestion form with errors": errors.content.decode(),
        "suggestion form with more errors": more_errors.content.decode(),
        "suggestion thank-you": thanks.content.decode(),
        "security check failed": refused.content.decode(),
    }


def test_public_pages_are_valid_html(client, tmp_path, settings):
    require_tool(VNU_JAR, command="java")
    settings.CORRECTIONS_MIN_SUBMIT_SECONDS = 0
    pages = {}
    checked_pages_urls = checked_pages()
    for name, url in checked_pages_urls.items():
        response = client.get(url)
        assert response.status_code in {200, 404}, (name, response.status_code)
        pages[name] = response.content.decode()
    pages |= posted_pages(Article.objects.get(slug=NOTED_ARTICLE))
    ukrainian = posted_pages(Article.objects.get(slug=UKRAINIAN_ARTICLE), quote="сорок сім")
    pages |= {f"{name}, in Ukrainian": html for name, html in ukrainian.items()}
    # The whole site in Ukrainian (LANGUAGE_CODE=uk): the pages no article sets a language for.
    settings.LANGUAGE_CODE = "uk"
    for name in ("home", "corrections", "corrections policy", "not found"):
        response = client.get(checked_pages_urls[name])
        assert 'lang="uk"' in response.content.decode()[:200]
        pages[f"{name}, site in Ukrainian"] = response.content.decode()
    assert vnu_errors(pages, tmp_path) == {}


def test_the_desks_own_pages_are_valid_html(client, tmp_path):
    from desk_users import make_editor

    from factories import edit_article, make_article, make_suggestion

    require_tool(VNU_JAR, command="java")
    client.force_login(make_editor())
    article = make_article(body="The festival drew more than 60 events.\n\nIt sold out on Friday.")
    first = make_suggestion(
        article=article, quote="60 events", replacement="70  events\n\n    x", kind="factual"
    )
    make_suggestion(article=article, quote="more than 60", replacement="more than 70")
    # A report whose passage a later edit removed: its page shows that edit's diff.
    other = make_article(body="The <b>tide</b> turned at noon.\n\nBoats came home.")
    gone = make_suggestion(article=other, quote="tide")
    edit_article(other, body="Boats came home.")
    change = reverse("admin:corrections_suggestion_change", args=[first.pk])
    action = {"CHANGE_FORM-action": "accept", "_selected_action": [first.pk]}
    pages = {
        "desk index": client.get(reverse("admin:index")),
        "queue": client.get(reverse("admin:corrections_suggestion_changelist")),
        "queue, all statuses": client.get(
            reverse("admin:corrections_suggestion_changelist") + "?status=all"
        ),
        "suggestion page": client.get(change),
        "orphaned suggestion page": client.get(
            reverse("admin:corrections_suggestion_change", args=[gone.pk])
        ),
        "change notes": client.get(reverse("admin:corrections_changenote_changelist")),
        "accept preview": client.post(change, action),
        "reject form": client.post(change, action | {"CHANGE_FORM-action": "reject"}),
        "duplicate form": client.post(change, action | {"CHANGE_FORM-action": "mark_duplicate"}),
        "new change note": client.get(reverse("admin:corrections_changenote_add")),
        "standards dashboard": client.get(reverse("admin:corrections_suggestion_standards")),
        "articles": client.get(reverse("admin:newsroom_article_changelist")),
        "article form": client.get(reverse("admin:newsroom_article_change", args=[article.pk])),
        "new article": client.get(reverse("admin:newsroom_article_add")),
        "article form resolving a suggestion": client.get(
            reverse("admin:newsroom_article_change", args=[article.pk]) + f"?resolves={first.pk}"
        ),
    }
    # The desk speaks the editor's language (Accept-Language): the same pages in Ukrainian.
    for name in (
        "desk index",
        "queue",
        "suggestion page",
        "standards dashboard",
        "articles",
        "new article",
        "change notes",
        "new change note",
    ):
        url = pages[name].request["PATH_INFO"]
        pages[f"{name}, in Ukrainian"] = client.get(url, HTTP_ACCEPT_LANGUAGE="uk")
    pages["accept preview, in Ukrainian"] = client.post(change, action, HTTP_ACCEPT_LANGUAGE="uk")
    assert {name: response.status_code for name, response in pages.items()} == dict.fromkeys(
        pages, 200
    )
    html = {name: response.content.decode() for name, response in pages.items()}
    assert '<html lang="uk"' in html["queue, in Ukrainian"]
    assert vnu_errors(html, tmp_path) == {}
