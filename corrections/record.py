"""Reads behind the public record: notes on the article page, the changelog, structured data.

Every page here costs a fixed number of queries however many notes and revisions an
article has: notes are fetched once and sorted and filtered in Python.
"""

import functools
import json
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from newsroom.models import Article, Revision, article_path, site_path
from newsroom.prepared import PreparedQuery

from .models import ChangeNote

Kind = ChangeNote.Kind

# Shown prominently at the top of the article, most serious first.
TOP_KINDS = (Kind.CORRECTION, Kind.CLARIFICATION, Kind.EDITORS_NOTE)
# Shown after the article body.
END_KINDS = (Kind.UPDATE,)
# Published as schema.org CorrectionComment. An editor's note explains context or
# disclosure rather than admitting an error, and an update adds news, so neither is
# announced to search engines as a correction.
CORRECTION_KINDS = (Kind.CORRECTION, Kind.CLARIFICATION)
# The kinds a returning reader is told about ("corrected since you last read it").
NOTICE_KINDS = TOP_KINDS
# Every kind but a minor fix is a substantive change: it moves dateModified, appears on the
# corrections page and in the site-wide feed.
SUBSTANTIVE_KINDS = (*TOP_KINDS, *END_KINDS)

_SERIOUSNESS = {kind: index for index, kind in enumerate(Kind)}


def suggest_url(article: Article) -> str:
    return article_path("corrections:suggest", article)


def changelog_url(article: Article) -> str:
    return article_path("corrections:changelog", article)


def absolute(path: str) -> str:
    """A full URL on the public site; the page is cached whole, so not from the request."""
    return f"{settings.SITE_URL}{path}"


@dataclass
class ArticleRecord:
    """The published notes of one article as its page shows them."""

    article: Article
    top: list[ChangeNote] = field(default_factory=list)
    end: list[ChangeNote] = field(default_factory=list)

    @functools.cached_property
    def changelog_url(self) -> str:
        """Reversed once for the page's three links to it."""
        return changelog_url(self.article)

    @property
    def notes(self) -> list[ChangeNote]:
        return [*self.top, *self.end]

    @property
    def date_modified(self) -> datetime:
        """The time of the last substantive change; minor fixes do not count."""
        return max([self.article.published_at, *(note.published_at for note in self.notes)])

    @property
    def is_updated(self) -> bool:
        return self.date_modified > self.article.published_at

    @property
    def corrected_revision_id(self) -> int | None:
        """The newest revision a correction-like note introduced, for the returning reader.

        Revision ids grow with time, so a browser that saw an earlier one missed it.
        """
        ids = [
            note.revision_after_id
            for note in self.top
            if note.kind in NOTICE_KINDS and note.revision_after_id
        ]
        return max(ids, default=None)


# On every article page: compiled once per thread (newsroom/prepared.py).
PUBLIC_NOTES_OF_ARTICLE = PreparedQuery(
    lambda article_id: ChangeNote.objects.filter(
        article_id=article_id, kind__in=SUBSTANTIVE_KINDS
    ).order_by("-published_at", "-pk"),
    article_id=int,
)


def article_record(article: Article) -> ArticleRecord:
    """The article's notes for its page, in one query; kept on the article for reuse."""
    cached = getattr(article, "_public_record", None)
    if cached is not None:
        return cached
    notes = PUBLIC_NOTES_OF_ARTICLE.fetch(article_id=article.pk)
    for note in notes:
        note.article = article
    record = ArticleRecord(
        article=article,
        top=sorted(
            (note for note in notes if note.kind in TOP_KINDS),
            key=lambda note: _SERIOUSNESS[note.kind],
        ),
        end=[note for note in notes if note.kind in END_KINDS],
    )
    article._public_record = record
    return record


def structured_data(article: Article, record: ArticleRecord) -> dict:
    """schema.org NewsArticle for the article page, as a JSON-ready dict."""
    url = absolute(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.standfirst or None,
        "mainEntityOfPage": url,
        "url": url,
        "datePublished": article.published_at.isoformat(),
        "dateModified": record.date_modified.isoformat(),
        "author": [{"@type": "Person", "name": name} for name in article.author_names],
        "image": [absolute(article.lead_image.url)] if article.lead_image else None,
        "articleSection": article.section.name,
        "inLanguage": article.language_code,
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.SITE_NAME,
            "url": absolute("/"),
            "correctionsPolicy": absolute(site_path("corrections:policy")),
        },
        "correction": [
            {
                "@type": "CorrectionComment",
                "text": note.text,
                "datePublished": note.published_at.isoformat(),
                "url": absolute(note.get_absolute_url()),
            }
            for note in sorted(record.notes, key=lambda note: note.published_at)
            if note.kind in CORRECTION_KINDS
        ],
    }
    return {key: value for key, value in data.items() if value not in (None, [])}


# JSON inside <script> must not be able to close the element or open a comment; these are
# the escapes django.utils.html.json_script uses. (str.replace, three times, is several
# times faster than str.translate on a page's worth of JSON.)
_SCRIPT_ESCAPES = ((">", "\\u003E"), ("<", "\\u003C"), ("&", "\\u0026"))


def json_for_script(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escape in _SCRIPT_ESCAPES:
        text = text.replace(character, escape)
    return text


@dataclass
class ChangelogEntry:
    """One moment in an article's history: a revision with the notes that explain it, or
    a note that changed no text."""

    when: datetime
    revision: Revision | None = None
    notes: list[ChangeNote] = field(default_factory=list)


def changelog_entries(article: Article) -> list[ChangelogEntry]:
    """Every revision and every note of the article, oldest first, in two queries."""
    revisions = list(
        Revision.objects.filter(article=article)
        .defer("body_html", "canonical_text")
        .order_by("number")
    )
    entries = {revision.pk: ChangelogEntry(revision.created_at, revision) for revision in revisions}
    standalone = []
    for note in article.change_notes.order_by("published_at", "pk"):
        if note.revision_after_id in entries:
            entries[note.revision_after_id].notes.append(note)
        else:
            standalone.append(ChangelogEntry(note.published_at, notes=[note]))
    return sorted(
        [*entries.values(), *standalone],
        key=lambda entry: (entry.when, entry.revision.number if entry.revision else 0),
    )


def public_notes():
    """Every substantive note on a published article, newest first, for the public pages."""
    return (
        ChangeNote.objects.filter(
            kind__in=SUBSTANTIVE_KINDS,
            article__status=Article.Status.PUBLISHED,
            article__published_at__lte=timezone.now(),
        )
        .select_related("article__section")
        .order_by("-published_at", "-pk")
    )
