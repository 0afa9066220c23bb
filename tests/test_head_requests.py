"""Crawlers, uptime monitors and CDNs send HEAD: every public page answers it like GET."""

import pytest
from django.urls import reverse

from factories import make_article, make_change_note, make_suggestion

pytestmark = pytest.mark.django_db


def test_public_pages_answer_head_with_headers_and_no_body(client):
    article = make_article()
    make_change_note(article=article)
    suggestion = make_suggestion(article=article)
    url = article.get_absolute_url()
    pages = [
        "/",
        article.section.get_absolute_url(),
        url,
        url + "changes/",
        url + "changes/feed/",
        url + "suggest/",
        "/feed/",
        "/corrections/",
        "/corrections/feed/",
        "/corrections/policy/",
        reverse("corrections:status", args=[suggestion.token]),
        "/healthz",
        "/robots.txt",
    ]
    for page in pages:
        get = client.get(page)
        head = client.head(page)
        assert (page, head.status_code) == (page, 200)
        assert head.content == b""
        assert head["Content-Type"] == get["Content-Type"]


def test_head_of_an_unknown_page_is_a_404(client):
    assert client.head("/no-such-section/").status_code == 404
