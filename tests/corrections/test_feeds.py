import feedparser
import pytest

from corrections.models import ChangeNote
from factories import make_article, make_change_note

pytestmark = pytest.mark.django_db

Kind = ChangeNote.Kind


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def test_site_feed_has_every_substantive_note(client):
    article = make_article(title="Quay reopens")
    correction = make_change_note(article=article, kind=Kind.CORRECTION, text="Wrong date.")
    make_change_note(article=article, kind=Kind.UPDATE, text="New vote.")
    make_change_note(article=article, kind=Kind.MINOR_FIX, text="Typo.")
    feed = parse(client, "/corrections/feed/")
    assert [entry.summary for entry in feed.entries] == ["New vote.", "Wrong date."]
    entry = feed.entries[1]
    assert entry.title == "Correction: Quay reopens"
    assert entry.link == f"http://testserver{correction.get_absolute_url()}"


def test_article_feed_has_all_its_notes_including_minor_fixes(client):
    article = make_article(title="Quay reopens")
    make_change_note(article=article, kind=Kind.CORRECTION, text="Wrong date.")
    make_change_note(article=article, kind=Kind.MINOR_FIX, text="Typo.")
    make_change_note(text="Another article’s note.")
    feed = parse(client, f"{article.get_absolute_url()}changes/feed/")
    assert feed.feed.title == "Changes to “Quay reopens”"
    assert sorted(entry.summary for entry in feed.entries) == ["Typo.", "Wrong date."]


def test_markup_in_a_note_stays_text_in_feed_readers(client):
    article = make_article()
    make_change_note(article=article, text="<script>alert(1)</script> & more &amp;")
    for url in ("/corrections/feed/", f"{article.get_absolute_url()}changes/feed/"):
        feed = parse(client, url)
        # Sent as text: no feed reader can take it for markup, and it reads as written.
        assert feed.entries[0].summary_detail.type == "text/plain"
        assert feed.entries[0].summary == "<script>alert(1)</script> & more &amp;"
        assert b'type="html"' not in client.get(url).content


def test_feed_of_an_unknown_article_is_404(client):
    assert client.get("/town/2026/01/01/no-such/changes/feed/").status_code == 404


@pytest.mark.parametrize("notes", [2, 50])
def test_feed_queries_stay_flat(client, django_assert_max_num_queries, notes):
    article = make_article()
    for _ in range(notes):
        make_change_note(article=article)
        make_change_note()
    with django_assert_max_num_queries(1):
        parse(client, "/corrections/feed/")
    with django_assert_max_num_queries(2):
        parse(client, f"{article.get_absolute_url()}changes/feed/")
