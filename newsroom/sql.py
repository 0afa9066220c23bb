"""Statements of a hot path whose SQL is compiled once per process, then only executed.

Building a queryset and compiling it to SQL costs a request several times the CPU the
database takes to run a primary-key lookup or a one-row insert; a reader's suggestion
POST did little else. The ORM still writes these statements, once, and still turns their
rows into model instances: only the per-request rebuilding of the same SQL is skipped.

On PostgreSQL they are also prepared: parsing and planning the article-and-revision read
took the database five times as long as running it. Django binds parameters on the client
(its SQL is written for that), and such statements are never prepared; these are bound on
the server, so psycopg prepares each once it has run `prepare_threshold` times on a pooled
connection (newsroom/settings.py).
"""

import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections, router, transaction
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.signals import post_save, pre_save
from django.db.models.sql.subqueries import InsertQuery


def _cursor(connection):
    """A cursor of ``connection`` (wrapped, logged and checked as Django's own) whose
    statements PostgreSQL binds and may prepare."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    # Django makes its cursors with the psycopg connection's factory: ours for this one.
    # Only this thread uses the connection (Django keeps one per thread).
    psycopg_connection = connection.connection
    factory, psycopg_connection.cursor_factory = (
        psycopg_connection.cursor_factory,
        ServerBindingCursor,
    )
    try:
        return connection.cursor()
    finally:
        psycopg_connection.cursor_factory = factory


class Param:
    """A stand-in for a value given at execution time (``CompiledRead.first(**values)``).

    The queryset is built once with each parameter's ``sample``; its place in the compiled
    SQL's parameters is where that sample turns up, so a sample must be a value the query
    passes to the database unchanged and uses once (an id, a slug: not a date).
    """

    def __init__(self, sample):
        self.sample = sample


@dataclass(frozen=True)
class _CompiledSelect:
    using: str
    sql: str
    params: tuple
    places: dict[str, int]
    model: type[Model]
    fetch_mode: Any
    init_list: list[str]
    fields: slice
    converters: dict
    populators: list


class CompiledRead:
    """At most one row of ``build(**params)``, as the model instance (with its
    ``select_related`` objects) the queryset would give.

    ``build`` takes the ``Param`` samples and returns the queryset; it runs once per
    database, so it must not read the clock or anything else that changes between
    requests (use the database's ``Now()``).
    """

    def __init__(self, build: Callable[..., QuerySet], **params: Param):
        self.build = build
        self.samples = params
        self._compiled: dict[str | None, _CompiledSelect] = {}
        self._lock = threading.Lock()

    def _compile(self, using: str | None) -> _CompiledSelect:
        queryset = self.build(**{name: param.sample for name, param in self.samples.items()})
        using = using or queryset.db
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        places = {}
        for name, param in self.samples.items():
            found = [index for index, value in enumerate(params) if value == param.sample]
            if len(found) != 1:
                raise ValueError(f"parameter {name!r} appears {len(found)} times in {sql}")
            places[name] = found[0]
        # As ModelIterable reads a row.
        klass_info, select = compiler.klass_info, compiler.select
        fields = slice(klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1)
        return _CompiledSelect(
            using=using,
            sql=sql,
            params=tuple(params),
            places=places,
            model=klass_info["model"],
            fetch_mode=queryset._fetch_mode,
            init_list=[column[0].target.attname for column in select[fields]],
            fields=fields,
            converters=compiler.get_converters([column[0] for column in select]),
            populators=get_related_populators(klass_info, select, using, queryset._fetch_mode),
        )

    def compiled(self, using: str | None = None) -> _CompiledSelect:
        try:
            return self._compiled[using]
        except KeyError:
            with self._lock:
                if using not in self._compiled:
                    self._compiled[using] = self._compile(using)
            return self._compiled[using]

    def first(self, *, using: str | None = None, **values) -> Model | None:
        compiled = self.compiled(using)
        params = list(compiled.params)
        for name, place in compiled.places.items():
            params[place] = values[name]
        connection = connections[compiled.using]
        with _cursor(connection) as cursor:
            cursor.execute(compiled.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        if compiled.converters:
            row = list(row)
            for place, (converters, expression) in compiled.converters.items():
                for converter in converters:
                    row[place] = converter(row[place], expression, connection)
        instance = compiled.model.from_db(
            compiled.using, compiled.init_list, row[compiled.fields], fetch_mode=compiled.fetch_mode
        )
        for populator in compiled.populators:
            populator.populate(row, instance)
        return instance


@dataclass(frozen=True)
class _CompiledInsert:
    sql: str
    fields: list
    returning: list
    returning_params: tuple
    converters: dict


class CompiledInsert:
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
        connection = connections[using]
        if (
            type(instance) is not self.model
            or not instance._state.adding
            or not connection.features.can_return_columns_from_insert
        ):
            instance.save(force_insert=True, using=using)
            return
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
            # An expression is compiled into its statement: saved as save() saves it (with
            # pre_save already sent).
            with transaction.mark_for_rollback_on_error(using):
                instance._save_table(cls=self.model, force_insert=True, using=using)
            self._saved(instance, using)
            return
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(key) or self._compile(instance, fields, using)
                self._compiled[key] = compiled
        params = [
            field.get_db_prep_save(value, connection=connection)
            for field, value in zip(fields, values, strict=True)
        ]
        with transaction.mark_for_rollback_on_error(using), _cursor(connection) as cursor:
            cursor.execute(compiled.sql, params + list(compiled.returning_params))
            if compiled.returning:
                [row] = connection.ops.fetch_returned_rows(cursor, compiled.returning_params)
        if compiled.returning:
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
