"""Prepared queries give what their querysets give, with each call's own values."""

from datetime import datetime, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Value
from django.db.models.functions import Upper
from django.db.models.signals import post_save, pre_save
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from corrections.models import Suggestion
from corrections.published import PUBLISHED_REVISION
from factories import make_article, make_author, make_section
from newsroom.models import Article, Section
from newsroom.prepared import PreparedInsert, PreparedQuery
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


def test_a_prepared_query_builds_its_queryset_once_and_reuses_the_sql(monkeypatch):
    first, second = make_article(title="First"), make_article(title="Second")
    now = timezone.now()
    query = PreparedQuery(ARTICLE_PAGE.build, slug=str, now=datetime)
    assert [a.pk for a in query.fetch(slug=first.slug, now=now)] == [first.pk]

    def refused(**values):
        raise AssertionError("the queryset was built again")

    monkeypatch.setattr(query, "build", refused)
    # Compiled already: new values, no new queryset.
    assert [a.title for a in query.fetch(slug=second.slug, now=now)] == ["Second"]
    assert query.fetch(slug="no-such-article", now=now) == []


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


@pytest.mark.parametrize(
    "build",
    [
        lambda slug: Article.objects.filter(slug=slug).values("pk"),
        lambda slug: Article.objects.filter(slug=slug).prefetch_related("authors"),
    ],
    ids=["values", "prefetch_related"],
)
def test_what_a_prepared_query_would_silently_drop_is_refused(build):
    with pytest.raises(ValueError, match="model instances only"):
        PreparedQuery(build, slug=str).fetch(slug="harbour")


@pytest.mark.parametrize("pk", [2**63, -(2**63) - 1, 10**30])
def test_an_integer_no_column_can_hold_matches_nothing_as_in_the_orm(pk):
    article = make_article()
    by_pk = PreparedQuery(lambda pk: Article.objects.filter(pk=pk), pk=int)
    assert by_pk.fetch(pk=pk) == list(Article.objects.filter(pk=pk)) == []
    assert by_pk.fetch(pk=article.pk) == [article]


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


def test_the_suggestion_posts_read_gives_its_querysets_revision_article_and_section():
    article = make_article()
    now = timezone.now()
    values = {"revision": article.current_revision_id, "slug": article.slug, "now": now}
    expected = PUBLISHED_REVISION.build(**values).get()
    with CaptureQueriesContext(connection) as queries:
        (found,) = PUBLISHED_REVISION.fetch(**values)
        section_name = found.article.section.name
    assert len(queries) == 1
    assert found == expected and found.article == article
    assert found.get_deferred_fields() == expected.get_deferred_fields()
    assert found.canonical_text == expected.canonical_text
    assert section_name == article.section.name
    assert PUBLISHED_REVISION.fetch(**values | {"slug": "another-article"}) == []


def reader_report(article, **fields):
    return Suggestion(
        article=article,
        revision=article.current_revision,
        anchor_state=Suggestion.AnchorState.WHOLE_ARTICLE,
        anchor_revision=article.current_revision,
        explanation="The date is wrong.",
        ip_hash="0" * 64,
        **fields,
    )


INSERT = PreparedInsert(Suggestion)


def stored(suggestion) -> dict:
    values = Suggestion.objects.filter(pk=suggestion.pk).values().get()
    for generated in ("id", "token", "created_at", "idempotency_key"):
        values.pop(generated)
    return values


def test_a_compiled_insert_stores_what_save_stores():
    article = make_article()
    by_the_orm = reader_report(article, idempotency_key="orm-key")
    by_the_orm.save(force_insert=True)
    compiled = reader_report(article, idempotency_key="compiled-key")
    with CaptureQueriesContext(connection) as queries:
        INSERT.save(compiled)
    assert [query["sql"].split()[0] for query in queries] == ["INSERT"]
    assert compiled.pk is not None and compiled.pk != by_the_orm.pk
    assert not compiled._state.adding and compiled._state.db == "default"
    assert stored(compiled) == stored(by_the_orm)
    assert Suggestion.objects.get(pk=compiled.pk).created_at == compiled.created_at


URL_ONE, URL_TWO = "https://example.org/one", "https://example.org/two"


def test_a_compiled_insert_runs_its_own_statement_with_each_rows_values(monkeypatch):
    # Not the ORM's save path in disguise: with Model._save_table refused, two rows with
    # different values still go in, each as the ORM stores it.
    article = make_article()
    by_the_orm = [
        reader_report(article, source_url=url, replacement=replacement, idempotency_key=key)
        for url, replacement, key in ((URL_ONE, "one", "orm-1"), (URL_TWO, "two", "orm-2"))
    ]
    for suggestion in by_the_orm:
        suggestion.save(force_insert=True)

    def refused(*args, **kwargs):
        raise AssertionError("the compiled insert went through Model._save_table")

    monkeypatch.setattr(Suggestion, "_save_table", refused)
    compiled = [
        reader_report(article, source_url=url, replacement=replacement, idempotency_key=key)
        for url, replacement, key in ((URL_ONE, "one", "new-1"), (URL_TWO, "two", "new-2"))
    ]
    for suggestion in compiled:
        INSERT.save(suggestion)
    assert [stored(s) for s in compiled] == [stored(s) for s in by_the_orm]


def test_a_compiled_insert_sends_the_signals_save_sends():
    article = make_article()
    heard = []

    def listen(signal):
        def receiver(sender, instance, **kwargs):
            heard.append((signal, instance.pk, kwargs.get("created")))

        return receiver

    before, after = listen("pre_save"), listen("post_save")
    pre_save.connect(before, sender=Suggestion)
    post_save.connect(after, sender=Suggestion)
    try:
        suggestion = reader_report(article)
        INSERT.save(suggestion)
    finally:
        pre_save.disconnect(before, sender=Suggestion)
        post_save.disconnect(after, sender=Suggestion)
    assert heard == [("pre_save", None, None), ("post_save", suggestion.pk, True)]


def test_an_expression_among_the_values_is_saved_by_the_orm():
    article = make_article()
    suggestion = reader_report(article, replacement=Upper(Value("sea wall")))
    INSERT.save(suggestion)
    assert Suggestion.objects.get(pk=suggestion.pk).replacement == "SEA WALL"
    # The compiled statement is still the plain one.
    plain = reader_report(article, replacement="sea wall")
    INSERT.save(plain)
    assert Suggestion.objects.get(pk=plain.pk).replacement == "sea wall"


def test_a_refused_insert_raises_and_spoils_the_transaction_as_save_does():
    article = make_article()
    INSERT.save(reader_report(article, idempotency_key="used-once"))
    with transaction.atomic():
        with pytest.raises(IntegrityError):
            INSERT.save(reader_report(article, idempotency_key="used-once"))
        # Caught inside the block, as with save(): the block can only roll back.
        assert transaction.get_rollback()
    assert Suggestion.objects.filter(idempotency_key="used-once").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_on_postgresql_the_suggestion_posts_statements_are_prepared_once_run_often():
    article = make_article()
    values = {"revision": article.current_revision_id, "slug": article.slug}
    for _ in range(connection.connection.prepare_threshold + 1):
        PUBLISHED_REVISION.fetch(**values, now=timezone.now())
        INSERT.save(reader_report(article))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('FROM "newsroom_revision"' in statement for statement in prepared), prepared
    assert any('INSERT INTO "corrections_suggestion"' in statement for statement in prepared)


def test_native_placeholders_number_each_value_and_keep_percent_signs():
    from newsroom.prepared import native_placeholders

    sql = "SELECT %s, '100%%', x LIKE '%%a' FROM t WHERE a = %s AND b IN (%s, %s)"
    assert native_placeholders(sql) == (
        "SELECT $1, '100%', x LIKE '%a' FROM t WHERE a = $2 AND b IN ($3, $4)"
    )
