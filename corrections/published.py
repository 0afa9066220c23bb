"""What a suggestion POST reads of the article and of the revision its reader saw.

The read was a sixth of the POST's CPU and one of its two round trips to PostgreSQL
(issue 12), and nearly every POST reads again what the one before read: readers report on
today's few articles. So each process keeps the pairs its last stored reports were about
(`RECENT_REVISIONS`), and a POST that finds its pair there does not read it: the write
carries the condition that a fresh read would give the same (`UNCHANGED_REVISION`),
checked by the INSERT itself. When it does not hold, nothing is written and the POST is
answered from a fresh read, as is every answer but a stored report.

Every column read is compared (a revision's canonical text by its SHA-256): a renamed,
moved, re-dated or withdrawn article, a renamed section, or a revision a migration filled
in is never answered from what was kept.
"""

import copy
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from newsroom.models import Article, Revision, Section
from newsroom.prepared import Condition, PreparedQuery

# What the suggestion POST reads of the article, its section and the revision.
SUGGESTION_ARTICLE_FIELDS = (
    "title", "slug", "section", "status", "language", "published_at", "current_revision",
)  # fmt: skip
SUGGESTION_SECTION_FIELDS = ("slug", "name")
SUGGESTION_REVISION_FIELDS = (
    "article", "title", "standfirst", "canonical_text", "sha256", "lead_image_caption",
    "lead_image_credit",
)  # fmt: skip
# Compared to tell whether a kept revision still reads the same: its text by its digest.
COMPARED_REVISION_FIELDS = tuple(
    name for name in SUGGESTION_REVISION_FIELDS if name != "canonical_text"
)


def published_article(slug: str) -> Article:
    article = (
        Article.objects.published()
        .select_related("section")
        .filter(slug=slug, current_revision__isnull=False)
        .first()
    )
    if article is None:
        raise Http404(_("No such article."))
    return article


def _published_revision(*, revision: int, slug: str, now: datetime):
    return (
        Revision.objects.select_related("article__section")
        .filter(
            pk=revision,
            article__in=Article.objects.published(now=now).filter(
                slug=slug, current_revision__isnull=False
            ),
        )
        # Only what a suggestion and its answer use: the revision's texts (offsets count in
        # them), the article's address and language. Every other column was read, decoded
        # and made into model fields on each POST for nothing.
        .only(
            *(f"article__section__{name}" for name in SUGGESTION_SECTION_FIELDS),
            *(f"article__{name}" for name in SUGGESTION_ARTICLE_FIELDS),
            *SUGGESTION_REVISION_FIELDS,
        )
        .order_by()
    )


# Read on every suggestion POST that finds nothing kept: compiled once, and prepared on
# PostgreSQL.
PUBLISHED_REVISION = PreparedQuery(
    _published_revision, server_bound=True, revision=int, slug=str, now=datetime
)


# Each column compared: the name of its value, its model and field, and its lookup from
# the revision.
COMPARED_COLUMNS = (
    *((name, Article, name, f"article__{name}") for name in SUGGESTION_ARTICLE_FIELDS),
    *(
        (f"section_{name}", Section, name, f"article__section__{name}")
        for name in SUGGESTION_SECTION_FIELDS
    ),
    *((f"revision_{name}", Revision, name, name) for name in COMPARED_REVISION_FIELDS),
)


def _unchanged_revision(*, revision: int, slug: str, now: datetime, **seen):
    """The same read, finding the revision only while every column it read still holds
    the value ``seen`` (named as in `COMPARED_COLUMNS`)."""
    return _published_revision(revision=revision, slug=slug, now=now).filter(
        # The slug is already the read's own.
        **{lookup: seen[key] for key, _, _, lookup in COMPARED_COLUMNS if key != "slug"}
    )


_KINDS = {
    "AutoField": int,
    "BigAutoField": int,
    "CharField": str,
    "DateTimeField": datetime,
    "IntegerField": int,
    "PositiveIntegerField": int,
    "SlugField": str,
    "TextField": str,
}


def _kind(field) -> type:
    """The value type (for a PreparedQuery) of a column compared in `_unchanged_revision`."""
    column = field.target_field if field.is_relation else field
    return _KINDS[column.get_internal_type()]


UNCHANGED_REVISION = PreparedQuery(
    _unchanged_revision,
    revision=int,
    now=datetime,
    **{key: _kind(model._meta.get_field(name)) for key, model, name, _ in COMPARED_COLUMNS},
)


def _read(instance, names):
    """A new instance holding only the columns ``names`` of ``instance`` (and its key), as
    the read made it: nothing a request loaded or cached on it since comes along."""
    meta = type(instance)._meta
    wanted = {meta.pk.attname, *(meta.get_field(name).attname for name in names)}
    # In the columns' order, as from_db() takes them.
    attnames = [field.attname for field in meta.concrete_fields if field.attname in wanted]
    values = [getattr(instance, attname) for attname in attnames]
    return type(instance).from_db(instance._state.db, attnames, values)


def _copies(article: Article, revision: Revision) -> tuple[Article, Revision]:
    """Copies of a kept pair sharing nothing with it: article, its section, revision."""
    section = copy.copy(article._state.fields_cache["section"])
    article, revision = copy.copy(article), copy.copy(revision)
    article.section, revision.article = section, article
    return article, revision


def _seen_values(article: Article, revision: Revision) -> dict:
    """The values `UNCHANGED_REVISION` compares, as they were read (all but ``now``)."""
    read = {Article: article, Section: article.section, Revision: revision}
    return {
        "revision": revision.pk,
        **{
            key: getattr(read[model], model._meta.get_field(name).attname)
            for key, model, name, _ in COMPARED_COLUMNS
        },
    }


@dataclass(frozen=True)
class _Seen:
    article: Article  # with its section
    revision: Revision
    values: dict


class RecentRevisions:
    """The (article, revision) pairs the last stored reports were about, by slug and
    revision id: at most ``size``, the least recently used dropped first. Shared by a
    process's threads; what it keeps is never handed out, only copies."""

    def __init__(self, size: int):
        self.size = size
        self._seen: OrderedDict[tuple[str, int], _Seen] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, slug: str, article: Article, revision: Revision) -> None:
        """Keep the pair a report was stored about, as it was read for it."""
        kept_article = _read(article, SUGGESTION_ARTICLE_FIELDS)
        kept_article.section = _read(article.section, SUGGESTION_SECTION_FIELDS)
        kept_revision = _read(revision, SUGGESTION_REVISION_FIELDS)
        kept_revision.article = kept_article
        seen = _Seen(kept_article, kept_revision, _seen_values(kept_article, kept_revision))
        with self._lock:
            self._seen[slug, revision.pk] = seen
            self._seen.move_to_end((slug, revision.pk))
            while len(self._seen) > self.size:
                self._seen.popitem(last=False)

    def forget(self, slug: str, revision_id: int) -> None:
        with self._lock:
            self._seen.pop((slug, revision_id), None)

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()

    def __len__(self) -> int:
        return len(self._seen)

    def seen(self, slug: str, revision_id: int) -> tuple[Article, Revision, Condition] | None:
        """The pair as it was read, and the condition that it still reads so now."""
        with self._lock:
            seen = self._seen.get((slug, revision_id))
            if seen is None:
                return None
            self._seen.move_to_end((slug, revision_id))
        article, revision = _copies(seen.article, seen.revision)
        return article, revision, UNCHANGED_REVISION.bind(**seen.values, now=timezone.now())


# At most 128 pairs per process: a few MB for a day's news (a 10,000-word article's texts
# are about 130 kB, so 17 MB if every one were that long).
RECENT_REVISIONS = RecentRevisions(size=128)


def _revision_pk(revision_id) -> int | None:
    try:
        return int(revision_id)
    except (TypeError, ValueError):
        return None


def published_article_and_revision(slug: str, revision_id) -> tuple[Article, Revision | None]:
    """The article and the revision its reader says they saw, in one query.

    The revision comes back only if it is one of this published article's; otherwise the
    article is read alone and the form tells the reader the version is unknown (and a
    pair kept for it is dropped).
    """
    if (pk := _revision_pk(revision_id)) is None:
        return published_article(slug), None
    found = PUBLISHED_REVISION.fetch(revision=pk, slug=slug, now=timezone.now())
    if not found:
        RECENT_REVISIONS.forget(slug, pk)
        return published_article(slug), None
    [revision] = found
    return revision.article, revision


def seen_article_and_revision(slug: str, revision_id) -> tuple[Article, Revision, Condition] | None:
    """The article and revision as an earlier POST read them, with the condition that they
    still read so (for the write to carry), or None when none is kept."""
    if (pk := _revision_pk(revision_id)) is None:
        return None
    return RECENT_REVISIONS.seen(slug, pk)
