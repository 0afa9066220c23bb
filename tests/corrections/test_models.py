import pytest

from factories import edit_article, make_change_note, make_suggestion
from newsroom.models import Article, Revision

pytestmark = pytest.mark.django_db


def test_a_published_article_can_be_deleted_with_its_whole_record():
    """A legal takedown removes the article, its revisions, notes and reader reports."""
    suggestion = make_suggestion()
    article = suggestion.article
    edit_article(article, body="Changed after the report.")
    make_change_note(article=article, revision_before=article.revisions.first())

    article.delete()

    assert not Article.objects.filter(pk=article.pk).exists()
    assert not Revision.objects.filter(article_id=article.pk).exists()


def test_a_suggestion_is_about_the_body_unless_it_says_otherwise():
    from corrections.models import Suggestion

    assert make_suggestion().part == Suggestion.Part.BODY


def test_the_database_refuses_an_unknown_part():
    from django.db import IntegrityError

    suggestion = make_suggestion()
    suggestion.part = "footer"
    with pytest.raises(IntegrityError):
        suggestion.save()
