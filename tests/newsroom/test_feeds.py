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
