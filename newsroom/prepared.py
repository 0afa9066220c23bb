"""Querysets compiled to SQL once per thread, then run with each request's values.

Building a queryset and compiling it to SQL was about a third of the uncached article
page's CPU (py-spy, README "Where the time went"), and it yields the same SQL on every
request: only the values differ (the slug, the article's id, the time). A PreparedQuery
builds and compiles its queryset once per thread and database with stand-in values,
notes where each value lands among the SQL's parameters, and from then on runs that SQL
with the request's values and turns the rows into model instances as Django's own
iterator does (`select_related` and annotations included).

Only for hot, fixed-shape reads. The queryset is still the one source of the SQL, so it
stays portable between SQLite and PostgreSQL; tests compare each prepared query's
results with its queryset's. A PreparedInsert does the same for the INSERT of `save()`:
the reader's suggestion and its notice's task row, written on every suggestion POST.

The statements of the suggestion POST are also prepared on PostgreSQL (`server_bound`):
parsing and planning its article-and-revision read took the database five times as long
as running it. Django binds parameters on the client (its SQL is written for that), and
such statements are never prepared; these are bound on the server, so psycopg prepares
each once it has run `prepare_threshold` times on a pooled connection
(newsroom/settings.py).
"""

import contextlib
import copy
import functools
import itertools
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators
from django.db.models.signals import post_save, pre_save
from django.db.models.sql.subqueries import InsertQuery

_PLACEHOLDER = re.compile(r"%(%|s)")


def native_placeholders(sql: str) -> str:
    """Django's SQL (``%s`` placeholders, ``%%`` for a percent sign) with PostgreSQL's own
    placeholders (``$1``, ``$2``, …), for a `server_bound_cursor(native=True)`."""
    numbers = itertools.count(1)
    return _PLACEHOLDER.sub(lambda m: "%" if m[1] == "%" else f"${next(numbers)}", sql)


@functools.cache
def _native_cursor_class():
    import psycopg
    from django.db.backends.postgresql.base import CursorMixin

    class NativePlaceholderCursor(CursorMixin, psycopg.RawCursor):
        """Django's server-binding cursor, taking the statement as PostgreSQL reads it."""

    return NativePlaceholderCursor


def server_bound_cursor(connection, *, native: bool = False):
    """A cursor of ``connection`` (wrapped, logged and checked as Django's own) whose
    statements PostgreSQL binds and may prepare.

    ``native``: statements come with PostgreSQL's placeholders (`native_placeholders`), so
    psycopg sends them as they are. It converts ``%s`` statements on every run when they
    have more than 50 parameters (its cache stops there), a tenth of a millisecond for a
    long one.
    """
    if connection.vendor != "postgresql":
        return connection.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    # Django makes its cursors with the psycopg connection's factory: ours for this one.
    # Only this thread uses the connection (Django keeps one per thread).
    psycopg_connection = connection.connection
    factory, psycopg_connection.cursor_factory = (
        psycopg_connection.cursor_factory,
        _native_cursor_class() if native else ServerBindingCursor,
    )
    try:
        return connection.cursor()
    finally:
        psycopg_connection.cursor_factory = factory


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: tuple[tuple[int, str], ...]  # (index among the parameters, name of the value)
    compiler: object
    converters: dict
    init_list: list[str]
    model_slice: slice
    related_populators: list
    annotation_col_map: dict
    fetch_mode: object


class PreparedQuery:
    """A queryset shape, compiled once per thread and run with new values.

    `build` makes the queryset from keyword values; `kinds` names each value's type (int,
    str or datetime), from which a stand-in that cannot be confused with a real value is
    made for the one compilation.
    """

    def __init__(
        self,
        build: Callable[..., QuerySet],
        *,
        using=DEFAULT_DB_ALIAS,
        server_bound: bool = False,
        **kinds,
    ):
        self.build = build
        self.using = using
        self.server_bound = server_bound
        self.kinds = kinds
        self._local = threading.local()

    def _stand_ins(self) -> dict:
        stand_ins = {}
        for number, (name, kind) in enumerate(sorted(self.kinds.items())):
            if kind is int:
                stand_ins[name] = -(2**62) - number
            elif kind is str:
                stand_ins[name] = f"\x00prepared-query-stand-in:{name}"
            elif kind is datetime:
                stand_ins[name] = datetime(1, 1, 1, tzinfo=UTC) + timedelta(microseconds=number + 1)
            else:
                raise TypeError(f"{name}: a prepared query takes int, str or datetime values")
        return stand_ins

    def _adapt(self, connection, name, value):
        if self.kinds[name] is datetime:
            return connection.ops.adapt_datetimefield_value(value)
        return value

    def _compile(self, connection) -> _Compiled:
        stand_ins = self._stand_ins()
        queryset = self.build(**stand_ins)
        if (
            queryset._iterable_class is not ModelIterable
            or queryset._prefetch_related_lookups
            or queryset._known_related_objects
        ):
            # fetch() makes model instances from the rows itself and would drop these.
            raise ValueError(
                "A prepared query reads model instances only: no values(), "
                "prefetch_related() or related managers."
            )
        compiler = queryset.query.get_compiler(using=self.using)
        sql, params = compiler.as_sql()
        adapted = {name: self._adapt(connection, name, value) for name, value in stand_ins.items()}
        slots = tuple(
            (index, name)
            for index, param in enumerate(params)
            for name, stand_in in adapted.items()
            if type(param) is type(stand_in) and param == stand_in
        )
        if sorted({name for _, name in slots}) != sorted(stand_ins):
            raise ValueError(f"Every value must reach the SQL once or more: {sql}")
        klass_info, select = compiler.klass_info, compiler.select
        fields = klass_info["select_fields"]
        return _Compiled(
            sql=sql,
            params=tuple(params),
            slots=slots,
            compiler=compiler,
            converters=compiler.get_converters([column[0] for column in select]),
            init_list=[column[0].target.attname for column in select[fields[0] : fields[-1] + 1]],
            model_slice=slice(fields[0], fields[-1] + 1),
            related_populators=get_related_populators(
                klass_info, select, self.using, queryset._fetch_mode
            ),
            annotation_col_map=compiler.annotation_col_map or {},
            fetch_mode=queryset._fetch_mode,
        )

    def _compiled_for(self, connection) -> _Compiled:
        # Per thread: a compiler holds its thread's connection (for the converters).
        compiled = getattr(self._local, "compiled", None)
        if compiled is None or compiled.compiler.connection is not connection:
            compiled = self._local.compiled = self._compile(connection)
        return compiled

    def _matches_nothing(self, connection, values) -> bool:
        # As the ORM's lookups do: an integer no column can hold matches no row (the
        # database would refuse it as a parameter).
        smallest, largest = connection.ops.integer_field_range("BigIntegerField")
        return any(
            kind is int and not smallest <= values[name] <= largest
            for name, kind in self.kinds.items()
        )

    def _params(self, connection, compiled: _Compiled, values) -> list:
        params = list(compiled.params)
        for index, name in compiled.slots:
            params[index] = self._adapt(connection, name, values[name])
        return params

    def bind(self, **values) -> "Condition":
        """The condition that the queryset built from `values` finds a row."""
        return Condition(self, values)

    def exists_sql(self, connection, **values) -> tuple[str, list]:
        """``EXISTS (<the query built from values>)`` and its parameters."""
        if self._matches_nothing(connection, values):
            return "FALSE", []
        compiled = self._compiled_for(connection)
        return f"EXISTS ({compiled.sql})", self._params(connection, compiled, values)

    def fetch(self, **values) -> list:
        """The model instances the queryset built from `values` would give."""
        connection = connections[self.using]
        if self._matches_nothing(connection, values):
            return []
        compiled = self._compiled_for(connection)
        params = self._params(connection, compiled, values)
        cursor = server_bound_cursor(connection) if self.server_bound else connection.cursor()
        with cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        model = compiled.compiler.klass_info["model"]
        objects = []
        for row in rows:
            obj = model.from_db(
                self.using,
                compiled.init_list,
                row[compiled.model_slice],
                fetch_mode=compiled.fetch_mode,
            )
            for populator in compiled.related_populators:
                populator.populate(row, obj)
            for name, position in compiled.annotation_col_map.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


class ConditionFailed(Exception):
    """A write's condition did not hold: nothing was written."""


@dataclass(frozen=True)
class Condition:
    """That a prepared query, with these values, finds a row: a condition a write can carry
    into its own statement (``EXISTS``), so that checking it costs no round trip."""

    query: PreparedQuery
    values: dict

    def check(self, using: str) -> None:
        """Raise ConditionFailed unless it holds, read in ``using``'s current transaction
        (for a write that cannot carry it)."""
        self._refuse_other_database(using)
        if not self.query.fetch(**self.values):
            raise ConditionFailed

    def exists_sql(self, connection) -> tuple[str, list]:
        """``EXISTS (<the query>)`` and its parameters, for a statement on ``connection``."""
        self._refuse_other_database(connection.alias)
        return self.query.exists_sql(connection, **self.values)

    def _refuse_other_database(self, using: str) -> None:
        if self.query.using != using:
            # Read elsewhere, it would be checked outside the write's transaction.
            raise ValueError(f"a condition on {self.query.using!r} checked for {using!r}")


@contextlib.contextmanager
def atomic_checked(condition: Condition | None, *, using: str, savepoint: bool = True):
    """``transaction.atomic()`` with ``condition`` (when given) checked first inside it: for
    a write that cannot carry the condition in its own statement. A change committed
    between the check and the write still goes unseen, as with any read then write."""
    with transaction.atomic(using=using, savepoint=savepoint):
        if condition is not None:
            condition.check(using)
        yield


@dataclass(frozen=True)
class _CompiledInsert:
    sql: str
    fields: list
    returning: list
    returning_params: tuple
    converters: dict


class PreparedInsert:
    """``instance.save(force_insert=True)`` for new instances of ``model``, with the INSERT
    compiled once per database.

    The same columns, values (each field's ``pre_save`` and ``get_db_prep_save``), signals
    and returned columns as ``save()``. An instance with an expression or a database
    default among its values (which change the SQL) is saved by the ORM.
    """

    def __init__(self, model: type[Model]):
        self.model = model
        self._compiled: dict[tuple[str, bool], _CompiledInsert] = {}
        self._lock = threading.Lock()

    def _fields(self, pk_set: bool) -> list:
        # As Model._save_table chooses them for an INSERT.
        meta = self.model._meta
        return [
            field
            for field in meta.local_concrete_fields
            if not field.generated and (pk_set or field is not meta.auto_field)
        ]

    def _compile(self, instance: Model, fields: list, using: str) -> _CompiledInsert:
        meta = self.model._meta
        # A primary key given is not asked back (as save() does not need it either).
        returning = [field for field in meta.db_returning_fields if field not in fields]
        query = InsertQuery(self.model)
        # Compiling runs each field's pre_save() again: on a copy, so that an auto_now
        # time is not moved after its value was taken.
        query.insert_values(fields, [copy.copy(instance)])
        compiler = query.get_compiler(using=using)
        compiler.returning_fields = returning
        [(sql, _params)] = compiler.as_sql()
        if "VALUES (" + ", ".join(["%s"] * len(fields)) + ")" not in sql:
            raise ValueError(f"{self.model.__name__}: an INSERT with other placeholders: {sql}")
        return _CompiledInsert(
            sql=sql,
            fields=fields,
            returning=returning,
            returning_params=tuple(compiler.returning_params),
            converters=compiler.get_converters(
                [field.get_col(meta.db_table) for field in returning]
            ),
        )

    def save(self, instance: Model, *, using: str | None = None) -> None:
        using = using or router.db_for_write(self.model, instance=instance)
        if not self.compiles(instance, using=using):
            instance.save(force_insert=True, using=using)
            return
        statement = self.statement(instance, using=using)
        if statement is None:
            self.save_by_orm(instance, using=using)
        else:
            self.execute(instance, statement, using=using)

    def execute(self, instance: Model, statement, *, using: str) -> None:
        """Run ``statement()``'s INSERT of ``instance``; the instance is saved."""
        compiled, params = statement
        connection = connections[using]
        cursor = server_bound_cursor(connection)
        with transaction.mark_for_rollback_on_error(using), cursor:
            cursor.execute(compiled.sql, params)
            row = (
                connection.ops.fetch_returned_rows(cursor, compiled.returning_params)[0]
                if compiled.returning
                else ()
            )
        self.saved(instance, compiled, row, using=using)

    def compiles(self, instance: Model, *, using: str) -> bool:
        """Whether ``statement()`` can write ``instance``; if not, ``save()`` it."""
        return (
            type(instance) is self.model
            and instance._state.adding
            and connections[using].features.can_return_columns_from_insert
        )

    def statement(self, instance: Model, *, using: str) -> tuple[_CompiledInsert, list] | None:
        """The compiled INSERT of the new ``instance`` (one that ``compiles()``) and its
        parameters, to be run and then given to ``saved()`` with the row it returns.

        ``pre_save`` is sent. None when an expression is among the values (it would change
        the SQL): the instance is then to be written with ``save_by_orm()``.
        """
        connection = connections[using]
        pk_set = instance._is_pk_set()
        key = (using, pk_set)
        compiled = self._compiled.get(key)
        fields = compiled.fields if compiled else self._fields(pk_set)
        instance._prepare_related_fields_for_save(operation_name="save")
        pre_save.send(
            sender=self.model, instance=instance, raw=False, using=using, update_fields=None
        )
        values = [field.pre_save(instance, add=True) for field in fields]
        if any(hasattr(value, "resolve_expression") for value in values):
            return None
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(key) or self._compile(instance, fields, using)
                self._compiled[key] = compiled
        params = [
            field.get_db_prep_save(value, connection=connection)
            for field, value in zip(fields, values, strict=True)
        ]
        return compiled, params + list(compiled.returning_params)

    def save_by_orm(self, instance: Model, *, using: str) -> None:
        """Write the instance ``statement()`` gave up on as save() does (pre_save sent)."""
        with transaction.mark_for_rollback_on_error(using):
            instance._save_table(cls=self.model, force_insert=True, using=using)
        self._saved(instance, using)

    def saved(self, instance: Model, compiled: _CompiledInsert, row, *, using: str) -> None:
        """Take the columns ``statement()``'s INSERT returned; the instance is saved."""
        if compiled.returning:
            connection = connections[using]
            if compiled.converters:
                row = list(row)
                for place, (converters, expression) in compiled.converters.items():
                    for converter in converters:
                        row[place] = converter(row[place], expression, connection)
            for field, value in zip(compiled.returning, row, strict=True):
                setattr(instance, field.attname, value)
        self._saved(instance, using)

    def _saved(self, instance: Model, using: str) -> None:
        instance._state.adding = False
        instance._state.db = using
        post_save.send(
            sender=self.model,
            instance=instance,
            created=True,
            update_fields=None,
            raw=False,
            using=using,
        )
