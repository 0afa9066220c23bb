"""Statements compiled once (newsroom/sql.py) give what the ORM gives, with one query each."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Value
from django.db.models.functions import Now, Upper
from django.db.models.signals import post_save, pre_save
from django.test.utils import CaptureQueriesContext

from corrections.models import Suggestion
from factories import make_article
from newsroom.models import Article, Revision
from newsroom.sql import CompiledInsert, CompiledRead, Param

pytestmark = pytest.mark.django_db


def published_revision(*, revision, slug):
    return (
        Revision.objects.select_related("article__section")
        .filter(pk=revision, article__in=Article.objects.published(now=Now()).filter(slug=slug))
        .defer("body_html", "article__body")
        .order_by()
    )


READ = CompiledRead(published_revision, revision=Param(-99), slug=Param("-sample-"))


def test_a_compiled_read_gives_the_querysets_row_and_its_related_objects():
    article = make_article()
    expected = published_revision(revision=article.current_revision_id, slug=article.slug).get()
    with CaptureQueriesContext(connection) as queries:
        found = READ.first(revision=article.current_revision_id, slug=article.slug)
        # The related objects came with the row, and the deferred fields stay deferred.
        section_name = found.article.section.name
    assert len(queries) == 1
    assert found == expected
    assert found.get_deferred_fields() == expected.get_deferred_fields() == {"body_html"}
    assert found.canonical_text == expected.canonical_text
    assert found.created_at == expected.created_at
    assert found.article.get_deferred_fields() == {"body"}
    assert found.article.published_at == article.published_at
    assert section_name == article.section.name
    assert found._state.db == "default" and not found._state.adding


def test_each_execution_takes_its_own_values():
    first, second = make_article(), make_article()
    assert READ.first(revision=first.current_revision_id, slug=first.slug).article == first
    assert READ.first(revision=second.current_revision_id, slug=second.slug).article == second
    # Another article's revision under this slug is no row, as in the queryset.
    assert READ.first(revision=second.current_revision_id, slug=first.slug) is None


def test_no_row_is_none():
    draft = make_article(published=False)
    assert READ.first(revision=123456, slug="nothing-here") is None
    assert READ.first(revision=draft.current_revision_id or 1, slug=draft.slug) is None


def test_a_sample_the_query_uses_twice_is_refused():
    def twice(*, slug):
        return Article.objects.filter(slug=slug) | Article.objects.filter(title=slug)

    with pytest.raises(ValueError, match="appears 2 times"):
        CompiledRead(twice, slug=Param("-sample-")).first(slug="x")


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


INSERT = CompiledInsert(Suggestion)


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
def test_on_postgresql_a_compiled_statement_is_prepared_once_it_is_run_often():
    article = make_article()
    for _ in range(connection.connection.prepare_threshold + 1):
        READ.first(revision=article.current_revision_id, slug=article.slug)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('FROM "newsroom_revision"' in statement for statement in prepared), prepared
