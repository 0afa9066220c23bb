"""Prepared queries give what their querysets give, with each call's own values."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from factories import make_article, make_author, make_section
from newsroom.models import Article, Section
from newsroom.prepared import PreparedQuery
from newsroom.views import ARTICLE_PAGE, RELATED

pytestmark = pytest.mark.django_db


def fields(objects, *names):
    return [tuple(getattr(obj, name) for name in names) for obj in objects]


def test_the_article_page_query_matches_its_queryset_for_each_slug_and_time():
    section = make_section(name="Harbour", slug="harbour")
    first = make_article(title="First", section=section)
    first.authors.set([make_author(name="Bo Chan"), make_author(name="Ann Lee")])
    second = make_article(title="Second", section=section)
    now = timezone.now()

    for slug in (first.slug, second.slug, "no-such-article"):
        prepared = ARTICLE_PAGE.fetch(slug=slug, now=now)
        expected = list(ARTICLE_PAGE.build(slug=slug, now=now))
        assert fields(prepared, "pk", "title", "published_at", "body_html") == fields(
            expected, "pk", "title", "published_at", "body_html"
        )
        assert [a.author_names for a in prepared] == [a.author_names for a in expected]
    # The section came in the same row, as select_related gives it.
    (article,) = ARTICLE_PAGE.fetch(slug=first.slug, now=now)
    assert article.section.name == "Harbour"
    assert article.author_names == ["Ann Lee", "Bo Chan"]
    # The time is a value too: before publication there is no article.
    assert ARTICLE_PAGE.fetch(slug=first.slug, now=first.published_at - timedelta(1)) == []


def test_related_articles_follow_the_section_the_article_and_the_time():
    section, other_section = make_section(), make_section()
    articles = [make_article(section=section) for _ in range(6)]
    make_article(section=other_section)
    now = timezone.now()

    for article in articles[:2]:
        prepared = RELATED.fetch(section_id=section.pk, article_id=article.pk, now=now)
        expected = RELATED.build(section_id=section.pk, article_id=article.pk, now=now)
        assert [a.pk for a in prepared] == [a.pk for a in expected]
        assert article.pk not in [a.pk for a in prepared]
        assert len(prepared) == 4


def test_a_value_that_never_reaches_the_sql_is_refused():
    forgetful = PreparedQuery(lambda slug: Section.objects.all(), slug=str)
    with pytest.raises(ValueError, match="Every value"):
        forgetful.fetch(slug="harbour")


def test_only_int_str_and_datetime_values():
    odd = PreparedQuery(lambda when: Article.objects.filter(published_at__date=when), when=float)
    with pytest.raises(TypeError):
        odd.fetch(when=1.5)


def test_datetimes_are_compared_as_the_database_stores_them():
    article = make_article()
    query = PreparedQuery(
        lambda now: Article.objects.filter(published_at__lte=now).order_by("pk"), now=datetime
    )
    assert [a.pk for a in query.fetch(now=article.published_at)] == [article.pk]
    assert query.fetch(now=article.published_at - timedelta(microseconds=1)) == []
