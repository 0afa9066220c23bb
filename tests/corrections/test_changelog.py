import re

import pytest

from corrections.models import ChangeNote
from factories import edit_article, make_article, make_change_note

pytestmark = pytest.mark.django_db

Kind = ChangeNote.Kind


def changelog(client, article) -> str:
    response = client.get(f"{article.get_absolute_url()}changes/")
    assert response.status_code == 200
    return response.content.decode()


def test_first_publication_is_the_first_entry(client):
    article = make_article()
    html = changelog(client, article)
    assert 'id="revision-1"' in html
    assert "First published" in html
    assert '<dl class="diff">' not in html


def test_each_revision_shows_a_word_level_diff_and_the_note_that_explains_it(client):
    article = make_article(title="Harbour wall repairs approved")
    before = article.current_revision
    after = edit_article(
        article,
        title="Harbour wall repairs approved at last",
        body=article.body.replace("£2.4m", "£3.1m"),
    )
    note = make_change_note(
        article=article,
        kind=Kind.CORRECTION,
        text="An earlier version gave the wrong cost.",
        revision_before=before,
        revision_after=after,
    )
    html = changelog(client, article)
    entry = html[html.index('id="revision-2"') :]
    assert "£<del>2.4m</del><ins>3.1m</ins>" in entry
    assert "approved <ins>at last</ins>" in entry
    assert f'id="note-{note.pk}"' in entry
    assert "An earlier version gave the wrong cost." in entry
    assert "Correction" in entry
    # A little context, not the whole article again.
    assert "The council met on Tuesday evening" not in entry


def test_a_caption_only_edit_is_a_version_with_its_diff(client):
    article = make_article(
        lead_image_caption="Divers inspect the harbour wall", lead_image_credit="Ann Vale"
    )
    edit_article(
        article,
        lead_image_caption="Engineers inspect the harbour wall",
        lead_image_credit="Ann Vale / Chronicle",
    )
    html = changelog(client, article)
    entry = html[html.index('id="revision-2"') :]
    assert "<dt>Picture caption</dt>" in entry
    assert "<del>Divers</del><ins>Engineers</ins> inspect the harbour wall" in entry
    assert "<dt>Photo credit</dt>" in entry
    assert "Ann Vale<ins> / Chronicle</ins>" in entry or "Ann Vale <ins>/ Chronicle</ins>" in entry
    assert "<dt>Headline</dt>" not in entry
    assert "<dt>Text</dt>" not in entry
    assert "Picture description" not in entry


def test_an_image_description_edit_is_a_version_with_its_diff(client):
    article = make_article(lead_image_alt="A crane over the quay")
    edit_article(article, lead_image_alt="Two cranes over the quay")
    html = changelog(client, article)
    entry = html[html.index('id="revision-2"') :]
    assert "<dt>Picture description (read aloud to readers who cannot see it)</dt>" in entry
    assert "<del>A crane</del><ins>Two cranes</ins> over the quay" in entry


def test_entries_are_in_time_order(client):
    article = make_article()
    second = edit_article(article, body="Second version.")
    make_change_note(article=article, kind=Kind.MINOR_FIX, text="Typo", revision_after=second)
    third = edit_article(article, body="Third version.")
    make_change_note(article=article, kind=Kind.UPDATE, text="News", revision_after=third)
    html = changelog(client, article)
    positions = [html.index(f'id="revision-{number}"') for number in (1, 2, 3)]
    assert positions == sorted(positions)
    assert positions[1] < html.index("Typo") < positions[2] < html.index("News")


def test_a_note_without_a_new_revision_has_its_own_entry(client):
    article = make_article()
    note = make_change_note(article=article, kind=Kind.EDITORS_NOTE, revision_after=None)
    html = changelog(client, article)
    assert f'id="note-{note.pk}"' in html
    assert "Editor’s note" in html


def test_markup_in_changed_text_is_shown_as_text(client):
    article = make_article()
    edit_article(article, body="Cost: `<script>alert(1)</script>` and <b>bold</b> words.")
    html = changelog(client, article)
    entry = html[html.index('id="revision-2"') :]
    assert "<script>alert(1)</script>" not in entry
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in entry


def test_diffs_are_stored_with_the_revision():
    article = make_article(standfirst="Old standfirst.")
    revision = edit_article(article, standfirst="New standfirst.")
    assert revision.standfirst_diff_html == "<del>Old</del><ins>New</ins> standfirst."
    assert revision.title_diff_html == ""
    assert revision.body_diff_html == ""
    assert article.revisions.get(number=1).body_diff_html == ""


def test_wrong_address_redirects_and_unknown_article_is_404(client):
    article = make_article(slug="moved")
    response = client.get("/elsewhere/2001/01/01/moved/changes/")
    assert response.status_code == 301
    assert response["Location"] == f"{article.get_absolute_url()}changes/"
    assert client.get("/elsewhere/2001/01/01/no-such/changes/").status_code == 404
    draft = make_article(published=False)
    assert client.get(f"{draft.get_absolute_url()}changes/").status_code == 404


def test_the_article_page_links_each_note_to_its_changelog_entry(client):
    article = make_article()
    note = make_change_note(article=article)
    html = client.get(article.get_absolute_url()).content.decode()
    link = re.search(r'href="([^"]*#note-\d+)"', html).group(1)
    assert link == note.get_absolute_url()
    assert f'id="note-{note.pk}"' in changelog(client, article)


@pytest.mark.parametrize("changes", [2, 50])
def test_changelog_queries_stay_flat(client, django_assert_max_num_queries, changes):
    article = make_article()
    for number in range(changes):
        revision = edit_article(article, body=f"Version {number} of the text.")
        make_change_note(article=article, kind=Kind.MINOR_FIX, revision_after=revision)
        make_change_note(article=article, kind=Kind.EDITORS_NOTE, revision_after=None)
    with django_assert_max_num_queries(4):
        changelog(client, article)


def test_the_changelog_is_cached_until_the_article_or_its_notes_change(
    client, django_assert_num_queries
):
    article = make_article()
    url = f"{article.get_absolute_url()}changes/"
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
    make_change_note(article=article, text="A new note the changelog must show.")
    assert "A new note the changelog must show." in client.get(url).content.decode()
