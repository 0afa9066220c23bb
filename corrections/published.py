"""What a suggestion POST reads of the article and of the revision its reader saw.

The read was a sixth of the POST's CPU and one of its two round trips to PostgreSQL
(issue 12), and nearly every POST reads again what the one before read: readers report on
today's few articles. So each process keeps the last few it read (`RECENT_REVISIONS`),
and a POST that finds its pair there reads nothing: the write carries the condition that a
fresh read would give the same (`unchanged`), checked by the INSERT itself. When it does
not hold, nothing is written and the POST is answered from a fresh read.

A revision never changes (`newsroom.models.Revision`), so what is kept of it needs no
check; every column read of the article and its section is compared, so a renamed,
moved, re-dated or withdrawn article is never answered from what is kept.
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
    "article", "title", "standfirst", "canonical_text", "lead_image_caption",
    "lead_image_credit",
)  # fmt: skip


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


def _unchanged_revision(*, revision: int, slug: str, now: datetime, **seen):
    """The same read, finding the revision only while every column it read of the article
    and its section still holds the value ``seen`` (article fields by name, section fields
    as ``section_<name>``)."""
    return _published_revision(revision=revision, slug=slug, now=now).filter(
        **{f"article__{name}": seen[name] for name in SUGGESTION_ARTICLE_FIELDS if name != "slug"},
        **{
            f"article__section__{name}": seen[f"section_{name}"]
            for name in SUGGESTION_SECTION_FIELDS
        },
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
    **{name: _kind(Article._meta.get_field(name)) for name in SUGGESTION_ARTICLE_FIELDS},
    **{
        f"section_{name}": _kind(Section._meta.get_field(name))
        for name in SUGGESTION_SECTION_FIELDS
    },
)


def _seen_values(article: Article, revision: Revision) -> dict:
    """The values `UNCHANGED_REVISION` compares, as they were read (all but ``now``)."""
    meta = Article._meta
    return {
        "revision": revision.pk,
        **{
            name: getattr(article, meta.get_field(name).attname)
            for name in SUGGESTION_ARTICLE_FIELDS
        },
        **{f"section_{name}": getattr(article.section, name) for name in SUGGESTION_SECTION_FIELDS},
    }


@dataclass(frozen=True)
class _Seen:
    article: Article  # with its section
    revision: Revision
    values: dict


class RecentRevisions:
    """The (article, revision) pairs suggestion POSTs last read, by slug and revision id:
    at most ``size``, the least recently used dropped first. Shared by a process's
    threads; what it keeps is never handed out, only copies."""

    def __init__(self, size: int):
        self.size = size
        self._seen: OrderedDict[tuple[str, int], _Seen] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, slug: str, article: Article, revision: Revision) -> None:
        kept_article, kept_revision = copy.copy(article), copy.copy(revision)
        kept_revision.article = kept_article
        seen = _Seen(kept_article, kept_revision, _seen_values(article, revision))
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
        article, revision = copy.copy(seen.article), copy.copy(seen.revision)
        revision.article = article
        return article, revision, UNCHANGED_REVISION.bind(**seen.values, now=timezone.now())


# A few hundred kilobytes for a day's news; a 10,000-word article's texts are about 130 kB.
RECENT_REVISIONS = RecentRevisions(size=128)


def revision_pk(revision_id) -> int | None:
    try:
        return int(revision_id)
    except (TypeError, ValueError):
        return None


def published_article_and_revision(slug: str, revision_id) -> tuple[Article, Revision | None]:
    """The article and the revision its reader says they saw, in one query.

    The revision comes back only if it is one of this published article's; otherwise the
    article is read alone and the form tells the reader the version is unknown. What is
    found is kept in `RECENT_REVISIONS` for the next POST about it.
    """
    if (pk := revision_pk(revision_id)) is None:
        return published_article(slug), None
    found = PUBLISHED_REVISION.fetch(revision=pk, slug=slug, now=timezone.now())
    if not found:
        RECENT_REVISIONS.forget(slug, pk)
        return published_article(slug), None
    [revision] = found
    RECENT_REVISIONS.remember(slug, revision.article, revision)
    return revision.article, revision


def seen_article_and_revision(slug: str, revision_id) -> tuple[Article, Revision, Condition] | None:
    """The article and revision as an earlier POST read them, with the condition that they
    still read so (for the write to carry), or None when none is kept."""
    if (pk := revision_pk(revision_id)) is None:
        return None
    return RECENT_REVISIONS.seen(slug, pk)
