import feedparser
import pytest

from factories import make_article, make_author

pytestmark = pytest.mark.django_db


def test_atom_feed_lists_published_articles(client):
    author = make_author(name="Ines Harrow")
    article = make_article(title="Ferry timetable changes", authors=[author])
    make_article(title="Unpublished draft", published=False)
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    [entry] = feed.entries
    assert entry.title == "Ferry timetable changes"
    assert entry.link.endswith(article.get_absolute_url())
    assert entry.author == "Ines Harrow"
    assert "Unpublished draft" not in response.content.decode()


def test_feed_escapes_markup_in_titles(client):
    make_article(title="<script>alert(1)</script> Harbour")
    response = client.get("/feed/")
    assert b"<script>" not in response.content
    assert feedparser.parse(response.content).entries[0].title.endswith("Harbour")


@pytest.mark.parametrize(
    "standfirst",
    [
        "SF </script><script>alert(2)</script>",
        "Tom &amp; Jerry &lt;b&gt;",
        "<img src=x onerror=alert(1)> & <![CDATA[x]]>",
    ],
)
def test_the_standfirst_is_sent_as_text_not_html(client, standfirst):
    # As type="html" an escaped standfirst was markup again once a feed reader unescaped it.
    make_article(standfirst=standfirst)
    response = client.get("/feed/")
    assert b'<summary type="text">' in response.content
    assert b'type="html"' not in response.content
    [entry] = feedparser.parse(response.content).entries
    assert entry.summary_detail.type == "text/plain"
    assert entry.summary == standfirst


FEED_URLS = ["/feed/", "/corrections/feed/", "{article}changes/feed/"]


@pytest.mark.parametrize("url", FEED_URLS)
@pytest.mark.parametrize("method", ["options", "trace", "post", "put", "patch", "delete"])
def test_feeds_answer_only_get_and_head(client, url, method):
    # OPTIONS and TRACE used to answer 200 with the whole feed.
    article = make_article(title="Ferry timetable changes")
    url = url.format(article=article.get_absolute_url())
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert b"Ferry timetable" not in response.content
    assert b"<feed" not in response.content
    assert "not allowed" in response.content.decode()
    assert client.head(url).status_code == 200
