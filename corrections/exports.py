"""CSV exports of the desk's suggestions and change notes.

Rows are written one at a time into a streamed response, so an export of 100,000
suggestions never sits in memory. Reader data (emails, IP hashes, user agents, how the
report was sent) is exported only to users who may see it in the desk.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ChangeNote, Suggestion
from .permissions import can_review

CHUNK_SIZE = 2_000
# A spreadsheet reads a cell starting with one of these as a formula (CSV injection):
# such a cell gets a leading apostrophe, which spreadsheets show as text and hide.
# The full-width forms are included: some spreadsheets read them as the ASCII ones.
FORMULA_STARTS = frozenset("=+-@\t\r\n＝＋－＠")
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
# Excel opens a UTF-8 CSV as UTF-8 only when it starts with a byte order mark.
BYTE_ORDER_MARK = "\ufeff"


def csv_cell(value) -> str:
    """A value as text a spreadsheet will not run: never a formula, dates in local time."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime(DATETIME_FORMAT)
    text = str(value)
    stripped = text.lstrip()
    if text[:1] in FORMULA_STARTS or stripped[:1] in FORMULA_STARTS:
        return "'" + text
    return text


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]


class _Echo:
    """A file whose write() returns the line, for csv.writer to feed a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: list[Column], rows: Iterable) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BYTE_ORDER_MARK + writer.writerow([str(column.header) for column in columns])
    for row in rows:
        yield writer.writerow([csv_cell(column.value(row)) for column in columns])


def _public_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _labels(choices) -> Callable[[str], str]:
    """A choice's label, translated once per export: get_FOO_display() costs a lookup
    of every choice on each call, most of an export's time at 100,000 rows."""
    labels = {value: str(label) for value, label in choices}
    return lambda value: labels.get(value, value)


def _article_address() -> Callable[[object], str]:
    """An article's public address, reversed once per article rather than once per row."""
    addresses: dict[int, str] = {}

    def address(article) -> str:
        if article.pk not in addresses:
            addresses[article.pk] = _public_url(article.get_absolute_url())
        return addresses[article.pk]

    return address


def suggestion_columns(user) -> list[Column]:
    """The suggestion export's columns; readers' data only for those who may see it."""
    status = _labels(Suggestion.Status.choices)
    kind = _labels(Suggestion.Kind.choices)
    anchor = _labels(Suggestion.AnchorState.choices)
    method = _labels(Suggestion.InputMethod.choices)
    part = _labels(Suggestion.Part.choices)
    address = _article_address()
    columns = [
        Column(_("id"), lambda s: s.pk),
        Column(_("received"), lambda s: s.created_at),
        Column(_("status"), lambda s: status(s.status)),
        Column(_("kind"), lambda s: kind(s.kind)),
        Column(_("section"), lambda s: s.article.section.name),
        Column(_("article"), lambda s: s.article.title),
        Column(_("article address"), lambda s: address(s.article)),
        Column(_("part of the article"), lambda s: part(s.part)),
        Column(_("quote"), lambda s: s.quote),
        Column(_("suggested correction"), lambda s: s.replacement),
        Column(_("explanation"), lambda s: s.explanation),
        Column(_("source"), lambda s: s.source_url),
        Column(_("anchor"), lambda s: anchor(s.anchor_state)),
        Column(_("decided"), lambda s: s.decided_at),
        Column(_("decided by"), lambda s: s.decided_by.get_username() if s.decided_by else ""),
        Column(_("reason shown to the reader"), lambda s: s.public_reason),
        Column(_("resolved by note"), lambda s: s.change_note_id),
        Column(_("duplicate of"), lambda s: s.duplicate_of_id),
    ]
    if can_review(user):
        columns += [
            Column(_("reader’s email"), lambda s: s.email),
            Column(_("reader agreed to be told the outcome"), lambda s: s.notify_consent),
            Column(_("input method"), lambda s: method(s.input_method)),
            Column(_("user agent"), lambda s: s.user_agent),
            Column(_("keyed hash of the IP address"), lambda s: s.ip_hash),
        ]
    return columns


def suggestion_rows(queryset: QuerySet[Suggestion]) -> Iterator[Suggestion]:
    """The suggestions of ``queryset`` in its order, read a chunk at a time."""
    return queryset.select_related("article__section", "decided_by").iterator(chunk_size=CHUNK_SIZE)


def change_note_columns() -> list[Column]:
    kind = _labels(ChangeNote.Kind.choices)
    return [
        Column(_("id"), lambda n: n.pk),
        Column(_("published"), lambda n: n.published_at),
        Column(_("kind"), lambda n: kind(n.kind)),
        Column(_("section"), lambda n: n.article.section.name),
        Column(_("article"), lambda n: n.article.title),
        Column(_("address of the note"), lambda n: _public_url(n.get_absolute_url())),
        Column(_("public text"), lambda n: n.text),
        Column(_("editor"), lambda n: n.editor.get_username() if n.editor else ""),
        Column(_("revision before"), lambda n: n.revision_before_number),
        Column(_("revision after"), lambda n: n.revision_after_number),
    ]


def change_note_rows(queryset: QuerySet[ChangeNote]) -> Iterator[ChangeNote]:
    # Revision numbers only: a revision's texts are large and not exported.
    return (
        queryset.select_related("article__section", "editor")
        .defer("article__standfirst", "article__body", "article__body_html")
        .annotate(
            revision_before_number=F("revision_before__number"),
            revision_after_number=F("revision_after__number"),
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
