from datetime import datetime
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factories import edit_article, make_article, make_author, make_section
from newsroom.models import Article

pytestmark = pytest.mark.django_db


def test_article_url_has_section_date_and_slug():
    section = make_section(slug="town")
    published = timezone.make_aware(datetime(2026, 3, 7, 9, 30))
    article = make_article(section=section, slug="new-quay", published_at=published)
    assert article.get_absolute_url() == "/town/2026/03/07/new-quay/"


def test_article_page_shows_the_article(client):
    author = make_author(name="Mara Quill")
    article = make_article(title="Quay reopens", authors=[author])
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="article__title" data-correctable data-part="headline">Quay reopens</h1>' in (
        html
    )
    assert "Mara Quill" in html
    assert "Councillors voted to repair the harbour wall" in html


def test_article_body_is_marked_correctable_with_its_revision(client):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'data-correctable data-revision="{article.current_revision_id}"' in html


def test_wrong_date_or_section_redirects_to_the_canonical_url(client):
    article = make_article(slug="moved-story")
    response = client.get(f"/other/2001/01/01/{article.slug}/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


@pytest.mark.parametrize(
    "url",
    [
        "/no-such-section/",
        "/town/2026/01/01/no-such-article/",
        "/town/2026/1/1/bad-date/",
        "/a/b/c/d/e/f/g/",
    ],
)
def test_unknown_urls_give_a_friendly_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_drafts_are_not_public(client):
    article = make_article(published=False)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.title not in client.get("/").content.decode()


def test_home_lists_latest_published_articles(client):
    older = make_article(title="Older story", published_at=timezone.now() - timezone.timedelta(3))
    newer = make_article(title="Newer story")
    html = client.get("/").content.decode()
    assert html.index(newer.title) < html.index(older.title)


def test_section_page_lists_only_its_articles(client):
    town, sport = make_section(slug="town"), make_section(slug="sport")
    make_article(title="Town story", section=town)
    make_article(title="Sport story", section=sport)
    html = client.get("/town/").content.decode()
    assert "Town story" in html
    assert "Sport story" not in html


def test_section_page_paginates(client):
    section = make_section(slug="busy")
    for number in range(25):
        make_article(title=f"Busy story {number:02d}", section=section)
    first = client.get("/busy/").content.decode()
    second = client.get("/busy/?page=2").content.decode()
    assert first.count("card__title") == 20
    assert second.count("card__title") == 5
    assert client.get("/busy/?page=3").status_code == 404


def test_related_articles_come_from_the_same_section(client):
    section = make_section()
    article = make_article(section=section)
    sibling = make_article(title="Sibling story", section=section)
    make_article(title="Elsewhere story")
    html = client.get(article.get_absolute_url()).content.decode()
    assert sibling.title in html
    assert "Elsewhere story" not in html


def test_article_page_query_count_is_small_and_flat(client, django_assert_max_num_queries):
    section = make_section()
    authors = [make_author(), make_author()]
    article = make_article(section=section, authors=authors)
    with django_assert_max_num_queries(4):
        assert client.get(article.get_absolute_url()).status_code == 200
    for _ in range(30):
        make_article(section=section, authors=authors)
    with django_assert_max_num_queries(4):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_a_recorded_byline_change_costs_the_article_page_no_query(client):
    # The page reads the byline from the authors, never from the revisions' record of it.
    section = make_section()
    unchanged = make_article(section=section, authors=[make_author()])
    recredited = make_article(section=section, authors=[make_author()])
    edit_article(recredited, authors=[make_author(), make_author()])

    counts = []
    for article in (unchanged, recredited):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.get_absolute_url()).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1] <= 4


def test_pages_send_security_headers(client):
    article = make_article()
    response = client.get(article.get_absolute_url())
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_article_page_sets_no_cookie(client):
    response = client.get(make_article().get_absolute_url())
    assert not response.cookies


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_says_503_when_the_database_fails(client):
    with mock.patch(
        "newsroom.views.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_article_query_lookup_uses_slug_not_title():
    article = make_article(slug="only-slug")
    assert Article.objects.published().get(slug="only-slug") == article


def test_related_articles_link_to_their_own_addresses(client):
    section = make_section()
    article = make_article(section=section)
    sibling = make_article(title="Sibling story", section=section)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<a href="{sibling.get_absolute_url()}">Sibling story</a>' in html


def test_article_page_reads_no_text_it_does_not_show(client, django_assert_max_num_queries):
    # The Markdown source and the revisions' texts are the largest columns: reading them
    # for a page that shows only the rendered body (its own and none of the related
    # articles') costs transfer and object building on every uncached view.
    section = make_section()
    article = make_article(section=section, body="Only *this* is shown.")
    make_article(section=section, body="A sibling's **source**.")
    with django_assert_max_num_queries(4) as queries:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "<em>this</em>" in response.content.decode()
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert '"newsroom_article"."body",' not in sql
    assert '"newsroom_article"."body" ' not in sql
    assert "newsroom_revision" not in sql
    # A related article's rendered body is not needed either: only the article's own.
    assert sql.count('"newsroom_article"."body_html"') == 1


def test_the_article_is_looked_up_by_its_unique_slug_without_sorting(client):
    article = make_article()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.get_absolute_url()).status_code == 200
    lookup = next(
        query["sql"]
        for query in queries.captured_queries
        if '"newsroom_article"."slug" =' in query["sql"]
    )
    assert "ORDER BY" not in lookup
