import pytest

from factories import make_change_note, make_suggestion

pytestmark = pytest.mark.django_db


def test_make_suggestion_anchors_the_quote_in_the_current_revision():
    suggestion = make_suggestion(quote="harbour wall")
    text = suggestion.revision.canonical_text
    assert text[suggestion.start : suggestion.end] == "harbour wall"
    assert text[: suggestion.start].endswith(suggestion.prefix)
    assert suggestion.anchor_revision == suggestion.article.current_revision


def test_make_change_note_attaches_to_the_article():
    note = make_change_note()
    assert note.article.change_notes.get() == note
