from datetime import timedelta

import pytest
from django.utils import timezone

from corrections.models import ChangeNote
from factories import edit_article, make_article, make_author, make_change_note, make_section

pytestmark = pytest.mark.django_db

Kind = ChangeNote.Kind


def page(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def between(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


def test_an_article_without_notes_links_to_its_history_only(client):
    html = page(client, make_article())
    assert "History of changes" in html
    assert "Updated" not in html
    assert "article-notes" not in html


@pytest.mark.parametrize("kind", [Kind.CORRECTION, Kind.CLARIFICATION, Kind.EDITORS_NOTE])
def test_serious_notes_appear_above_the_text(client, kind):
    article = make_article()
    note = make_change_note(article=article, kind=kind, text="We got the cost wrong.")
    html = page(client, article)
    assert html.index("We got the cost wrong.") < html.index('data-part="body"')
    top = between(html, "article-notes--top", "</section>")
    assert note.get_kind_display() in top
    assert f'href="{article.get_absolute_url()}changes/#note-{note.pk}"' in top


def test_updates_appear_after_the_text(client):
    article = make_article()
    make_change_note(article=article, kind=Kind.UPDATE, text="The council has now voted.")
    html = page(client, article)
    assert "article-notes--top" not in html
    assert html.index('data-part="body"') < html.index("The council has now voted.")
    assert "Update" in between(html, "article-notes--end", "</section>")


def test_minor_fixes_are_not_on_the_article_page(client):
    article = make_article()
    make_change_note(article=article, kind=Kind.MINOR_FIX, text="Fixed a typo in harbour.")
    html = page(client, article)
    assert "Fixed a typo" not in html
    assert "article-notes" not in html
    assert "Updated" not in html


def test_most_serious_first_then_newest(client):
    article = make_article()
    now = timezone.now()
    make_change_note(article=article, kind=Kind.EDITORS_NOTE, text="Note A", published_at=now)
    make_change_note(
        article=article,
        kind=Kind.CORRECTION,
        text="Old correction",
        published_at=now - timedelta(2),
    )
    make_change_note(
        article=article, kind=Kind.CLARIFICATION, text="Clarification B", published_at=now
    )
    make_change_note(
        article=article,
        kind=Kind.CORRECTION,
        text="New correction",
        published_at=now - timedelta(1),
    )
    html = between(page(client, article), "article-notes--top", "</section>")
    order = ["New correction", "Old correction", "Clarification B", "Note A"]
    assert [html.index(text) for text in order] == sorted(html.index(text) for text in order)


def test_each_note_shows_its_date(client):
    article = make_article()
    when = timezone.make_aware(timezone.datetime(2026, 3, 7, 12, 0))
    make_change_note(article=article, published_at=when)
    assert '<time datetime="2026-03-07T12:00:00+0000">7 March 2026</time>' in page(client, article)


def test_byline_says_updated_after_a_substantive_change_only(client):
    article = make_article()
    edit_article(article, body="A body with a typo fixed.")
    make_change_note(article=article, kind=Kind.MINOR_FIX)
    assert "Updated" not in page(client, article)
    when = timezone.make_aware(timezone.datetime(2026, 3, 8, 9, 15))
    article.published_at = when - timedelta(days=1)
    article.save()
    make_change_note(article=article, kind=Kind.CORRECTION, published_at=when)
    byline = between(page(client, article), "article__byline", "</p>")
    assert "Updated" in byline
    assert "8 March 2026, 09:15" in byline
    assert f'href="{article.get_absolute_url()}changes/"' in byline


def test_note_text_is_escaped(client):
    article = make_article()
    make_change_note(article=article, text="<script>alert(1)</script>")
    html = page(client, article)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_corrected_revision_is_on_the_page_for_returning_readers(client):
    article = make_article()
    make_change_note(article=article, kind=Kind.UPDATE)
    assert "data-since-notice" not in page(client, article)
    revision = edit_article(article, body="Corrected body.")
    make_change_note(article=article, kind=Kind.CORRECTION, revision_after=revision)
    html = page(client, article)
    assert f'data-corrected-revision="{revision.pk}"' in html
    assert 'src="/static/corrections/since.js"' in html


@pytest.mark.parametrize("notes", [0, 200])
def test_article_page_queries_stay_flat_with_many_notes(
    client, django_assert_max_num_queries, notes
):
    section = make_section()
    article = make_article(section=section, authors=[make_author(), make_author()])
    make_article(section=section)
    for number in range(notes):
        make_change_note(article=article, kind=list(Kind)[number % len(Kind)])
    with django_assert_max_num_queries(4):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_the_changelog_address_is_worked_out_once_per_page(client, monkeypatch):
    from newsroom import models

    models._reversed.cache_clear()
    article = make_article()
    make_change_note(article=article, kind=Kind.CORRECTION)
    make_change_note(article=article, kind=Kind.UPDATE)
    reversed_names = []
    original = models.reverse

    def counting(name, *args, **kwargs):
        reversed_names.append(name)
        return original(name, *args, **kwargs)

    monkeypatch.setattr(models, "reverse", counting)
    html = page(client, article)
    changelog = article.get_absolute_url() + "changes/"
    # Linked from the byline and the notice to returning readers above the notes; the
    # tags for the notes above and after the text are each given it too.
    assert html.count(f'href="{changelog}"') == 2
    assert reversed_names.count("corrections:changelog") == 1
