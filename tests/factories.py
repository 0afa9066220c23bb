"""Small `make_*` factories for the objects most tests need."""

import itertools
from datetime import timedelta

from django.utils import timezone

from newsroom.models import Article, Author, Section
from newsroom.services import article_save

_counter = itertools.count(1)

DEFAULT_BODY = (
    "The council met on Tuesday evening.\n\n"
    "Councillors voted to repair the harbour wall before winter.\n\n"
    "The work will cost £2.4m and start in March."
)


def make_section(**fields) -> Section:
    number = next(_counter)
    fields.setdefault("name", f"Section {number}")
    fields.setdefault("slug", f"section-{number}")
    return Section.objects.create(**fields)


def make_author(**fields) -> Author:
    number = next(_counter)
    fields.setdefault("name", f"Reporter {number}")
    fields.setdefault("slug", f"reporter-{number}")
    return Author.objects.create(**fields)


def make_article(*, published: bool = True, user=None, authors=(), **fields) -> Article:
    """Create an article through the same service the admin uses."""
    number = next(_counter)
    fields.setdefault("title", f"Harbour wall repairs approved {number}")
    fields.setdefault("slug", f"harbour-wall-{number}")
    fields.setdefault("body", DEFAULT_BODY)
    if "section" not in fields:
        fields["section"] = make_section()
    if published:
        fields.setdefault("status", Article.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    article = Article(**fields)
    article_save(article=article, user=user)
    if authors:
        article.authors.set(authors)
    return article


def edit_article(article: Article, *, user=None, **changes):
    """Change fields of an article and save it as an editor would; returns the new revision."""
    for name, value in changes.items():
        setattr(article, name, value)
    return article_save(article=article, user=user)
