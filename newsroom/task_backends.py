"""django_tasks_db's database backend, writing each task's row with an INSERT compiled once,
and able to write a new row and the task about it in one statement.

A reader's suggestion enqueues its notification in the same transaction (one commit for
both rows); building that row through the ORM cost the POST as much as the suggestion's
own. The row is the one django_tasks_db writes, with the same values.
"""

import functools

from django.db import connections, router, transaction
from django.tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend as StoredTasksBackend
from django_tasks_db.backend import TaskResult
from django_tasks_db.compat import normalize_json, task_enqueued
from django_tasks_db.utils import normalize_uuid

from .prepared import (
    ConditionFailed,
    PreparedInsert,
    atomic_checked,
    native_placeholders,
    server_bound_cursor,
)


@functools.cache
def _task_insert() -> PreparedInsert:
    # The model is imported when first needed, as django_tasks_db does: backends can be
    # made before the app registry is ready.
    from django_tasks_db.models import DBTaskResult

    return PreparedInsert(DBTaskResult)


def _values(items) -> str:
    return "VALUES (" + ", ".join(items) + ")"


def _with_nulls(sql: str, nulls: tuple[bool, ...]) -> tuple[str, str, list[str]]:
    """An INSERT's ``VALUES (%s, …)`` cut out, and its items with NULL written in where the
    value is None: ``(the SQL before, after, and the items)``."""
    before, after = sql.split(_values(["%s"] * len(nulls)))
    return before, after, ["NULL" if null else "%s" for null in nulls]


@functools.lru_cache(maxsize=64)
def _joined_sql(
    saved_sql, saved_nulls, key_column, task_sql, task_nulls, args_at, condition=None
) -> str:
    """``WITH saved AS (<the row's INSERT … RETURNING>), queued AS (<the task's INSERT>)
    SELECT * FROM saved``, the task's args being the saved row's key.

    With a ``condition`` (SQL), the row is written only where it holds, and the task only
    with a row: the statement then returns no row.

    A value that is None is written as NULL rather than sent: a new row has many, and each
    parameter sent is dumped and bound.
    """
    # Only compiled SQL and a quoted column name are joined here; the values stay parameters.
    before, after, items = _with_nulls(saved_sql, saved_nulls)
    where = f" WHERE {condition}" if condition else ""
    saved = f"{before}SELECT {', '.join(items)}{where}{after}"
    before, after, items = _with_nulls(task_sql, task_nulls)
    items[args_at] = (
        f"jsonb_build_object('args', jsonb_build_array(saved_key.{key_column}), "
        "'kwargs', '{}'::jsonb)"
    )
    queued = f"{before}SELECT {', '.join(items)} FROM saved_key{after}"  # noqa: S608
    key = f"SELECT {key_column} FROM saved"  # noqa: S608
    # With PostgreSQL's placeholders: a report and its condition can have more parameters
    # than psycopg converts once (see server_bound_cursor).
    return native_placeholders(
        f"WITH saved AS ({saved}), saved_key AS ({key}), queued AS ({queued}) SELECT * FROM saved"  # noqa: S608
    )


def _joined(connection, compiled, params, task_compiled, task_params, condition=None):
    """The joined statement of a row and its task (see `_joined_sql`) and its parameters;
    ``condition``: SQL and parameters the row's write depends on, or None."""
    columns = [field.attname for field in task_compiled.fields]
    if task_compiled.returning or "args_kwargs" not in columns:
        raise ValueError("a task row's INSERT returns nothing and carries args_kwargs")
    [key] = [field for field in compiled.returning if field.primary_key]
    args_at = columns.index("args_kwargs")
    values = params[: len(compiled.fields)]
    task_values = [*task_params[:args_at], None, *task_params[args_at + 1 :]]
    condition_sql, condition_params = condition or (None, [])
    sql = _joined_sql(
        compiled.sql,
        tuple(value is None for value in values),
        connection.ops.quote_name(key.column),
        task_compiled.sql,
        tuple(value is None for value in task_values),
        args_at,
        condition_sql,
    )
    sent = [value for value in values if value is not None]
    sent += condition_params
    sent += params[len(compiled.fields) :]
    sent += [value for value in task_values if value is not None]
    return sql, sent


class DatabaseBackend(StoredTasksBackend):
    def enqueue(self, task, args, kwargs):
        # As django_tasks_db's, with the result built once (not once for the signal and
        # again for the caller) from the task in hand, not imported again from its path.
        self.validate_task(task)
        insert = _task_insert()
        row = self._task_row(task, args, kwargs)
        insert.save(row)
        return self._enqueued(task, row)

    def save_and_enqueue(
        self, task, insert: PreparedInsert, instance, *, savepoint=True, only_if=None
    ):
        """Save the new ``instance`` and enqueue ``task(instance.pk)``: both or neither.

        On PostgreSQL this is one statement, the two INSERTs joined by a data-modifying
        WITH: atomic without a transaction around it, so a reader's report and its notice
        cost one round trip and one commit instead of four round trips (BEGIN, two
        INSERTs, COMMIT). Elsewhere, and for an instance ``insert`` cannot compile, the two
        are saved in one transaction. Inside a caller's transaction it commits with it, in
        a savepoint of its own unless ``savepoint`` is false (for a caller whose
        transaction ends anyway when the row is refused).

        ``only_if``: a `Condition` the write depends on, checked by the same statement on
        PostgreSQL (read first in the transaction elsewhere). When it does not hold,
        nothing is written and `ConditionFailed` is raised.
        """
        self.validate_task(task)
        using = router.db_for_write(insert.model, instance=instance)
        connection = connections[using]
        tasks = _task_insert()
        if (
            connection.vendor != "postgresql"
            or using != router.db_for_write(tasks.model)
            or not insert.compiles(instance, using=using)
            or instance._is_pk_set()  # the task needs the key the INSERT gives back
        ):
            with atomic_checked(only_if, using=using, savepoint=savepoint):
                insert.save(instance, using=using)
                return self.enqueue(task, [instance.pk], {})
        # The task's args are the new row's key, known only inside the statement: a
        # stand-in for now, the database's own value in the statement.
        row = self._task_row(task, [None], {})
        statement = insert.statement(instance, using=using)
        task_statement = tasks.statement(row, using=using) if statement else None
        if statement is None:
            # An expression among the report's values (a database default) changes its
            # statement: the ORM writes it, and the task after it, in one transaction.
            with atomic_checked(only_if, using=using, savepoint=savepoint):
                insert.save_by_orm(instance, using=using)
                return self.enqueue(task, [instance.pk], {})
        if task_statement is None:
            # The same among the task row's (an id_function made of SQL): its pre_save was
            # sent, so this row is the one written.
            with atomic_checked(only_if, using=using, savepoint=savepoint):
                insert.execute(instance, statement, using=using)
                row.args_kwargs = normalize_json({"args": [instance.pk], "kwargs": {}})
                tasks.save_by_orm(row, using=using)
                return self._enqueued(task, row)
        compiled, params = statement
        task_compiled, task_params = task_statement
        condition = only_if.exists_sql(connection) if only_if is not None else None
        sql, params = _joined(connection, compiled, params, task_compiled, task_params, condition)
        # Inside a caller's transaction, a savepoint keeps a refused row (a duplicate key)
        # from aborting the rest of it.
        with (
            transaction.atomic(using=using)
            if savepoint and connection.in_atomic_block
            else transaction.mark_for_rollback_on_error(using),
            server_bound_cursor(connection, native=True) as cursor,
        ):
            cursor.execute(sql, params)
            returned = cursor.fetchone()
        if returned is None:
            raise ConditionFailed
        insert.saved(instance, compiled, returned, using=using)
        row.args_kwargs = normalize_json({"args": [instance.pk], "kwargs": {}})
        tasks.saved(row, task_compiled, (), using=using)
        return self._enqueued(task, row)

    def _task_row(self, task, args, kwargs):
        return _task_insert().model(
            id=self._get_id(),
            args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,
            backend_name=self.alias,
        )

    def _enqueued(self, task, row):
        result = TaskResult(
            db_result=row,
            task=task,
            id=normalize_uuid(row.id),
            status=TaskResultStatus[row.status],
            enqueued_at=row.enqueued_at,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=row.args_kwargs["args"],
            kwargs=row.args_kwargs["kwargs"],
            backend=self.alias,
            errors=[],
            worker_ids=row.worker_ids,
        )
        object.__setattr__(result, "_return_value", None)
        task_enqueued.send(type(self), task_result=result)
        return result
