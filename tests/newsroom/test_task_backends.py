"""The database task backend with the compiled INSERT writes django_tasks_db's own row."""

import contextlib
import re
from unittest import mock

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction
from django.tasks.signals import task_enqueued
from django.test.utils import CaptureQueriesContext
from django_tasks_db.backend import DatabaseBackend as LibraryBackend
from django_tasks_db.models import DBTaskResult

from corrections import tasks
from corrections.models import Suggestion
from corrections.services import SUGGESTION_INSERT
from factories import make_article
from newsroom.task_backends import DatabaseBackend

pytestmark = pytest.mark.django_db


def connection_url() -> str:
    """The test database, for a connection of its own."""
    settings = connection.settings_dict
    return (
        f"postgresql://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def row(result) -> dict:
    values = DBTaskResult.objects.filter(id=result.id).values().get()
    values.pop("id")
    values.pop("enqueued_at")
    return values


def test_the_row_is_the_one_django_tasks_db_writes():
    task = tasks.notify_new_suggestion
    theirs = LibraryBackend("default", {}).enqueue(task, [42], {})
    heard = []

    def receiver(sender, task_result, **kwargs):
        heard.append(task_result.id)

    task_enqueued.connect(receiver)
    try:
        with CaptureQueriesContext(connection) as queries:
            ours = DatabaseBackend("default", {}).enqueue(task, [42], {})
    finally:
        task_enqueued.disconnect(receiver)
    assert [query["sql"].split()[0] for query in queries] == ["INSERT"]
    assert row(ours) == row(theirs)
    assert heard == [ours.id]
    assert ours.id != theirs.id
    stored = DBTaskResult.objects.get(id=ours.id)
    assert stored.task_result.args == [42]
    assert stored.enqueued_at == ours.enqueued_at


def test_a_deferred_or_prioritised_task_keeps_its_run_after_and_priority(settings):
    from datetime import UTC, datetime

    settings.TASKS = {"default": {"BACKEND": "newsroom.task_backends.DatabaseBackend"}}
    later = datetime(2030, 1, 1, tzinfo=UTC)
    task = tasks.notify_new_suggestion.using(run_after=later, priority=7)
    result = task.enqueue(1, attempt=2)
    stored = DBTaskResult.objects.get(id=result.id)
    assert (stored.run_after, stored.priority) == (later, 7)
    assert stored.args_kwargs == {"args": [1], "kwargs": {"attempt": 2}}


# --------------------------------------------------------------------------- save_and_enqueue
# A reader's report and its notice: one statement on PostgreSQL, one transaction elsewhere.


def new_report(article, **fields) -> Suggestion:
    return Suggestion(
        article=article,
        revision=article.current_revision,
        anchor_revision=article.current_revision,
        explanation="The bridge opened in 1987, not 1978.",
        ip_hash="a" * 64,
        **fields,
    )


def stored(suggestion) -> dict:
    values = Suggestion.objects.filter(pk=suggestion.pk).values().get()
    for name in ("id", "created_at", "token", "idempotency_key"):
        values.pop(name)
    return values


def test_the_report_and_its_task_are_the_rows_save_and_enqueue_write_separately():
    article = make_article()
    task = tasks.notify_new_suggestion
    backend = DatabaseBackend("default", {})
    # With a value in every nullable column and without: NULLs are written in the SQL.
    for fields in ({}, {"start": 4, "end": 9, "quote": "bridge", "anchor_start": 4}):
        ours = new_report(article, idempotency_key=f"ours-{len(fields)}", **fields)
        heard = []

        def receiver(sender, task_result, heard=heard, **kwargs):
            heard.append(task_result.id)

        task_enqueued.connect(receiver)
        try:
            result = backend.save_and_enqueue(task, SUGGESTION_INSERT, ours)
        finally:
            task_enqueued.disconnect(receiver)
        theirs = new_report(article, idempotency_key=f"theirs-{len(fields)}", **fields)
        theirs.save()
        expected = LibraryBackend("default", {}).enqueue(task, [theirs.pk], {})
        assert ours.pk is not None and not ours._state.adding
        assert stored(ours) == stored(theirs)
        assert result.args == [ours.pk] and heard == [result.id]
        assert row(result) == row(expected) | {"args_kwargs": {"args": [ours.pk], "kwargs": {}}}
        assert DBTaskResult.objects.get(id=result.id).task_result.args == [ours.pk]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_report_and_its_task_are_one_statement_without_a_transaction():
    article = make_article()
    report = new_report(article, idempotency_key="one-statement")
    with CaptureQueriesContext(connection) as queries:
        DatabaseBackend("default", {}).save_and_enqueue(
            tasks.notify_new_suggestion, SUGGESTION_INSERT, report
        )
    assert [query["sql"].split()[0] for query in queries] == ["WITH"]
    assert not connection.in_atomic_block
    # Committed: another connection sees both rows.
    with psycopg.connect(connection_url()) as other:
        [(reports,)] = other.execute(
            "SELECT count(*) FROM corrections_suggestion WHERE id = %s", [report.pk]
        )
        [(notices,)] = other.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE args_kwargs -> 'args' -> 0 = to_jsonb(%s::bigint)",
            [report.pk],
        )
    assert (reports, notices) == (1, 1)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_a_refused_report_leaves_neither_row_nor_task_and_the_connection_usable():
    article = make_article()
    backend = DatabaseBackend("default", {})
    backend.save_and_enqueue(
        tasks.notify_new_suggestion, SUGGESTION_INSERT, new_report(article, idempotency_key="k")
    )
    with pytest.raises(IntegrityError):
        backend.save_and_enqueue(
            tasks.notify_new_suggestion, SUGGESTION_INSERT, new_report(article, idempotency_key="k")
        )
    assert (Suggestion.objects.count(), DBTaskResult.objects.count()) == (1, 1)


def test_inside_a_transaction_a_refused_report_does_not_abort_it():
    article = make_article()
    backend = DatabaseBackend("default", {})
    with transaction.atomic():
        backend.save_and_enqueue(
            tasks.notify_new_suggestion, SUGGESTION_INSERT, new_report(article, idempotency_key="k")
        )
        with pytest.raises(IntegrityError):
            backend.save_and_enqueue(
                tasks.notify_new_suggestion,
                SUGGESTION_INSERT,
                new_report(article, idempotency_key="k"),
            )
        # The transaction goes on: the first report and its notice are still there.
        assert (Suggestion.objects.count(), DBTaskResult.objects.count()) == (1, 1)


def test_a_report_the_compiled_insert_cannot_write_is_saved_by_the_orm_with_its_task():
    article = make_article()
    report = new_report(article, idempotency_key="by-the-orm")
    with (
        mock.patch.object(type(SUGGESTION_INSERT), "compiles", return_value=False),
        CaptureQueriesContext(connection) as queries,
    ):
        result = DatabaseBackend("default", {}).save_and_enqueue(
            tasks.notify_new_suggestion, SUGGESTION_INSERT, report
        )
    assert result.args == [report.pk]
    assert not any(query["sql"].startswith("WITH") for query in queries)
    assert Suggestion.objects.get().pk == report.pk
    assert DBTaskResult.objects.get().args_kwargs["args"] == [report.pk]


@pytest.mark.parametrize("condition", [None, ("EXISTS (SELECT 1 WHERE %s < %s)", [1, 2])])
def test_the_joined_statement_sends_every_value_but_none_in_order(condition):
    # The statement runs only on PostgreSQL; it is put together the same way anywhere.
    from newsroom.task_backends import _joined, _task_insert

    article = make_article()
    report = new_report(article, idempotency_key="joined", quote="bridge", start=4, end=10)
    statement, params = SUGGESTION_INSERT.statement(report, using="default")
    backend = DatabaseBackend("default", {})
    row = backend._task_row(tasks.notify_new_suggestion, [None], {})
    task_statement, task_params = _task_insert().statement(row, using="default")
    sql, sent = _joined(connection, statement, params, task_statement, task_params, condition)
    assert sql.startswith("WITH saved AS (INSERT INTO")
    key = connection.ops.quote_name("id")
    # The task is written once per row written, with that row's key.
    assert f"jsonb_build_array(saved_key.{key})" in sql
    assert sql.endswith(" FROM saved_key) SELECT * FROM saved")
    exists = re.search(r" WHERE EXISTS \(SELECT 1 WHERE \$\d+ < \$\d+\) RETURNING", sql)
    assert bool(exists) is bool(condition)
    assert None not in sent
    # PostgreSQL's own placeholders, one per value sent, in order.
    assert "%s" not in sql
    assert re.findall(r"\$(\d+)", sql) == [str(number) for number in range(1, len(sent) + 1)]
    # The report's values first, then the condition's, then the task's, each in order.
    values = [value for value in params if value is not None]
    condition_params = condition[1] if condition else []
    assert sent[: len(values)] == values
    assert sent[len(values) : len(values) + len(condition_params)] == condition_params
    assert sent[len(values) + len(condition_params) :] == [
        value
        for name, value in zip([f.attname for f in task_statement.fields], task_params, strict=True)
        if value is not None and name != "args_kwargs"
    ]


def test_a_report_whose_key_is_already_set_is_saved_with_its_task():
    article = make_article()
    report = new_report(article, idempotency_key="keyed", pk=987_654)
    result = DatabaseBackend("default", {}).save_and_enqueue(
        tasks.notify_new_suggestion, SUGGESTION_INSERT, report
    )
    assert result.args == [987_654]
    assert Suggestion.objects.filter(pk=987_654).exists()


def article_exists(pk: int):
    from newsroom.models import Article
    from newsroom.prepared import PreparedQuery

    return PreparedQuery(lambda pk: Article.objects.filter(pk=pk), pk=int).bind(pk=pk)


def task_row_given_up(report):
    """The task row's INSERT given up on after its pre_save (as for an id made of SQL)."""
    from newsroom.task_backends import _task_insert

    insert = _task_insert()
    statement = insert.statement

    def given_up(row, **kwargs):
        statement(row, **kwargs)
        return None

    return mock.patch.object(insert, "statement", given_up)


def key_set(report):
    report.pk = 987_654
    return contextlib.nullcontext()


# Each way save_and_enqueue can write: one statement (PostgreSQL), the ORM for a report the
# compiled INSERT cannot write, a report with its key set, and a task row given up on.
WAYS = {
    "as compiled": lambda report: contextlib.nullcontext(),
    "by the ORM": lambda report: mock.patch.object(
        type(SUGGESTION_INSERT), "compiles", return_value=False
    ),
    "key set": key_set,
    "task row given up": task_row_given_up,
}


@pytest.mark.parametrize("way", WAYS.values(), ids=WAYS.keys())
@pytest.mark.parametrize("holds", [True, False])
def test_a_condition_decides_whether_report_and_task_are_written_on_every_way(way, holds):
    from newsroom.prepared import ConditionFailed

    article = make_article()
    report = new_report(article, idempotency_key="conditional")
    condition = article_exists(article.pk if holds else article.pk + 1000)
    backend = DatabaseBackend("default", {})
    with way(report), contextlib.ExitStack() as stack:
        if not holds:
            stack.enter_context(pytest.raises(ConditionFailed))
        backend.save_and_enqueue(
            tasks.notify_new_suggestion, SUGGESTION_INSERT, report, only_if=condition
        )
    written = (Suggestion.objects.count(), DBTaskResult.objects.count())
    assert written == ((1, 1) if holds else (0, 0))
    if holds:
        assert DBTaskResult.objects.get().args_kwargs["args"] == [Suggestion.objects.get().pk]
