from datetime import timedelta

import pytest
from django.utils import timezone

from corrections.models import ChangeNote
from factories import make_article, make_change_note

pytestmark = pytest.mark.django_db

Kind = ChangeNote.Kind


def test_lists_substantive_notes_newest_first_with_their_article(client):
    article = make_article(title="Quay reopens")
    now = timezone.now()
    make_change_note(
        article=article, kind=Kind.UPDATE, text="Older update", published_at=now - timedelta(1)
    )
    note = make_change_note(article=article, kind=Kind.CORRECTION, text="Newer correction")
    html = client.get("/corrections/").content.decode()
    assert html.index("Newer correction") < html.index("Older update")
    assert f'href="{article.get_absolute_url()}">Quay reopens</a>' in html
    assert f'href="{note.get_absolute_url()}"' in html


def test_minor_fixes_and_unpublished_articles_are_left_out(client):
    make_change_note(kind=Kind.MINOR_FIX, text="Fixed a typo")
    make_change_note(article=make_article(published=False), text="Draft note")
    html = client.get("/corrections/").content.decode()
    assert "Fixed a typo" not in html
    assert "Draft note" not in html
    assert "No corrections have been published yet." in html


def test_paginates_twenty_a_page(client):
    article = make_article()
    now = timezone.now()
    for number in range(25):
        make_change_note(
            article=article,
            text=f"Note number {number:02d}",
            published_at=now - timedelta(minutes=number),
        )
    first = client.get("/corrections/").content.decode()
    second = client.get("/corrections/?page=2").content.decode()
    assert first.count("notes-list__item") == 20
    assert second.count("notes-list__item") == 5
    assert "Note number 00" in first and "Note number 24" in second
    assert 'rel="next" href="?page=2"' in first
    assert client.get("/corrections/?page=999").status_code == 404
    assert client.get("/corrections/?page=nonsense").status_code == 404
    assert client.get("/corrections/?page=0").status_code == 404


@pytest.mark.parametrize("notes", [2, 50])
def test_queries_stay_flat(client, django_assert_max_num_queries, notes):
    for _ in range(notes):
        make_change_note(article=make_article())
    with django_assert_max_num_queries(3):
        assert client.get("/corrections/").status_code == 200


def test_policy_page_is_served(client):
    response = client.get("/corrections/policy/")
    assert response.status_code == 200
    assert "Corrections policy" in response.content.decode()
