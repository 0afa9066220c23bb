"""Small `make_*` factories for the objects most tests need."""

import io
import itertools
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

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
    article_save(article=article, user=user, authors=authors)
    return article


def edit_article(article: Article, *, user=None, authors=None, **changes):
    """Change fields of an article and save it as an editor would; returns the new revision.

    ``authors``, when given, become the byline.
    """
    for name, value in changes.items():
        setattr(article, name, value)
    return article_save(article=article, user=user, authors=authors)


def make_picture(name: str = "quay.png", colour: str = "navy") -> SimpleUploadedFile:
    """A small PNG upload, as an editor attaches a lead image."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 9), colour).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_suggestion(*, article=None, quote=None, **fields):
    """A reader suggestion anchored exactly in the article's current revision.

    ``part="headline"`` (or standfirst, caption, credit) looks for the quote in that part.
    """
    from corrections.anchoring import context
    from corrections.models import Suggestion
    from corrections.services import suggestion_groups_refresh

    article = article or make_article()
    revision = fields.pop("revision", None) or article.current_revision
    text = revision.part_text(fields.get("part", Suggestion.Part.BODY))
    quote = quote if quote is not None else "harbour wall"
    if quote:
        start = text.index(quote)
        end = start + len(quote)
        prefix, suffix = context(text, start, end)
        anchor = {
            "start": start,
            "end": end,
            "prefix": prefix,
            "suffix": suffix,
            "anchor_state": Suggestion.AnchorState.EXACT,
            "anchor_revision": revision,
            "anchor_start": start,
            "anchor_end": end,
        }
    else:
        anchor = {"anchor_state": Suggestion.AnchorState.WHOLE_ARTICLE}
    fields.setdefault("kind", Suggestion.Kind.TYPO)
    fields.setdefault("explanation", "This looks wrong.")
    suggestion = Suggestion.objects.create(
        article=article, revision=revision, quote=quote, **(anchor | fields)
    )
    # As the reader flow does: the desk's queue groups open suggestions by passage.
    suggestion_groups_refresh(article_id=article.pk)
    suggestion.refresh_from_db()
    return suggestion


def make_change_note(*, article=None, **fields):
    from corrections.models import ChangeNote

    article = article or make_article()
    fields.setdefault("kind", ChangeNote.Kind.CORRECTION)
    fields.setdefault("text", "An earlier version of this article gave the wrong cost.")
    fields.setdefault("revision_after", article.current_revision)
    return ChangeNote.objects.create(article=article, **fields)


def issued_form_key(article, *, age: float = 30) -> str:
    """The key of a suggestion form for `article` issued `age` seconds ago."""
    import time

    from corrections.forms import form_key_issue

    return form_key_issue(article_id=article.pk, now=time.time() - age)


def about_the_whole_article(article, **changes) -> dict:
    """The dialog's report with no passage chosen (the load tests' POST), as form data."""
    return {
        "article": article.pk,
        "revision": article.current_revision_id,
        "quote": "",
        "prefix": "",
        "suffix": "",
        "start": "",
        "end": "",
        "replacement": "",
        "explanation": "The date in the headline is wrong.",
        "kind": "factual",
        "input_method": "button",
        "idempotency_key": issued_form_key(article),
    } | changes


# What a report on words of the body adds to a whole-article one.
A_PASSAGE = {
    "quote": "harbour wall",
    "prefix": "Councillors voted to repair the ",
    "suffix": " before winter.",
    "start": "40",
    "end": "52",
    "replacement": "sea wall",
    "explanation": "",
    "kind": "typo",
    "input_method": "keyboard",
}


def about_a_passage(article, **changes) -> dict:
    """The dialog's report on words of the body (selected, with their context), as form data."""
    return about_the_whole_article(article, **A_PASSAGE | changes)
