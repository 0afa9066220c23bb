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
results with its queryset's.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators


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

    def __init__(self, build: Callable[..., QuerySet], *, using=DEFAULT_DB_ALIAS, **kinds):
        self.build = build
        self.using = using
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

    def fetch(self, **values) -> list:
        """The model instances the queryset built from `values` would give."""
        connection = connections[self.using]
        # Per thread: a compiler holds its thread's connection (for the converters).
        compiled = getattr(self._local, "compiled", None)
        if compiled is None or compiled.compiler.connection is not connection:
            compiled = self._local.compiled = self._compile(connection)
        params = list(compiled.params)
        for index, name in compiled.slots:
            params[index] = self._adapt(connection, name, values[name])
        with connection.cursor() as cursor:
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
