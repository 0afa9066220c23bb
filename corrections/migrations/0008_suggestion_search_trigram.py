"""Trigram indexes for the desk's search of suggestions, on PostgreSQL only.

The admin's search (`search_fields`, `icontains`) asks PostgreSQL for
`UPPER("quote"::text) LIKE UPPER('%term%')`: a substring anywhere, which no B-tree can
find, so every row was read. A GIN index of the trigrams of exactly that expression
(`UPPER(("quote")::text)`) lets the planner find the rows holding a term of three or more
characters without reading the others. One index per searched field, so the admin's
"term in quote OR in replacement OR in explanation" becomes a BitmapOr of three.

The indexes are kept out of the models' state on purpose: SQLite has neither GIN nor
pg_trgm, and SQLite rebuilds a table (and recreates every index in its state) on many
later schema changes, which would then fail. So the operation does nothing on SQLite, and
`makemigrations` never sees these indexes. They are built CONCURRENTLY, without blocking
new suggestions on a live site, hence a non-atomic migration.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

SEARCHED_FIELDS = ("quote", "replacement", "explanation")


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Written out rather than as GinIndex(OpClass(Upper(...))): that needs
    # django.contrib.postgres in INSTALLED_APPS just to print these three statements.
    for name in SEARCHED_FIELDS:
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS suggestion_{name}_trgm "
            f"ON corrections_suggestion USING gin ((UPPER({name}::text)) gin_trgm_ops)"
        )


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in SEARCHED_FIELDS:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS suggestion_{name}_trgm")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("corrections", "0007_standards_decided_index"),
    ]

    operations = [
        # CREATE EXTENSION IF NOT EXISTS pg_trgm; does nothing on other databases.
        TrigramExtension(),
        migrations.RunPython(add_indexes, remove_indexes, elidable=False),
    ]
