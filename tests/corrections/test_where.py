"""Suggestion.where_now(): the desk's "where it is now", in words."""

import pytest

from corrections.models import Suggestion
from corrections.where import Whereabouts
from factories import edit_article, make_article, make_suggestion

pytestmark = pytest.mark.django_db

BODY = "The council met on Tuesday.\n\nCouncillors voted to repair the harbour wall.\n\nThe end."


def test_unchanged_passage():
    suggestion = make_suggestion(article=make_article(body=BODY), quote="harbour wall")
    where = suggestion.where_now()
    assert where.state == Whereabouts.UNCHANGED
    assert where.passage == "harbour wall"
    assert where.revision_number == suggestion.revision.number
    assert "Unchanged" in where.sentence and where.lost_in is None


def test_text_inserted_before_shifts_but_does_not_move_it():
    article = make_article(body=BODY)
    suggestion = make_suggestion(article=article, quote="harbour wall")
    edit_article(article, body="A new first paragraph.\n\n" + BODY)
    suggestion.refresh_from_db()
    where = suggestion.where_now()
    assert where.state == Whereabouts.SHIFTED
    assert where.revision_number == 2 and "revision 2" in where.sentence


def test_edited_here_quotes_the_passage_as_it_reads_now():
    article = make_article(body=BODY)
    suggestion = make_suggestion(article=article, quote="repair the harbour wall")
    edit_article(article, body=BODY.replace("harbour wall", "sea wall"))
    suggestion.refresh_from_db()
    where = suggestion.where_now()
    assert where.state == Whereabouts.EDITED
    assert where.passage == "repair the sea wall"
    assert "“repair the sea wall”" in where.sentence


def test_whole_article_and_not_found():
    article = make_article(body=BODY)
    whole = make_suggestion(article=article, quote="")
    assert whole.where_now().state == Whereabouts.WHOLE_ARTICLE
    whole.anchor_state = Suggestion.AnchorState.NOT_FOUND
    assert whole.where_now().state == Whereabouts.NOT_FOUND


def test_removed_without_a_known_revision_says_so_plainly():
    article = make_article(body=BODY)
    suggestion = make_suggestion(article=article, quote="harbour wall")
    suggestion.anchor_state = Suggestion.AnchorState.ORPHANED
    suggestion.anchor_start = suggestion.anchor_end = None
    where = suggestion.where_now()
    assert where.state == Whereabouts.REMOVED and where.lost_in is None
    assert where.lost_diff_html == "" and "no longer" in where.sentence


def test_the_state_words_follow_the_language_of_the_request():
    """The labels are looked up when shown, not once when the module is imported."""
    from django.template.loader import render_to_string
    from django.utils import translation

    article = make_article(body=BODY)
    suggestion = make_suggestion(article=article, quote="repair the harbour wall")
    edit_article(article, body=BODY.replace("harbour wall", "sea wall"))
    suggestion.refresh_from_db()
    where = suggestion.where_now()

    with translation.override("uk"):
        assert str(Whereabouts.MOVED.label) == "Зміщено"
        cell = render_to_string("admin/corrections/_where_now.html", {"where": where})
    assert str(Whereabouts.MOVED.label) == "Moved"
    assert f"{Whereabouts.EDITED.label} (revision 2)" == "Edited here (revision 2)"
    assert "Edited here" not in cell and "(версія 2)" in cell
