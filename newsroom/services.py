"""State changes of articles; shared by the admin, commands and tests."""

from django.db import transaction

from .diffing import diff_html, replacement_html
from .markdown import render_markdown
from .models import Article, Revision, byline_names
from .signals import revision_created
from .text import canonical_text


def article_byline(article: Article, authors=None) -> list[str]:
    """The byline's names: of ``authors`` when an edit changes them, else as saved."""
    if authors is not None:
        return byline_names(authors)
    return article.author_names if article.pk else []


def article_visible(article: Article, *, byline: list[str]) -> dict:
    """What a reader sees of ``article``, by the `Revision` field that records it.

    ``article.body_html`` must be rendered from the body being saved. The lead image's
    description is there because a screen reader reads it instead of the picture.
    """
    return {
        "title": article.title,
        "standfirst": article.standfirst,
        "body_html": article.body_html,
        "lead_image_caption": article.lead_image_caption,
        "lead_image_credit": article.lead_image_credit,
        "lead_image_alt": article.lead_image_alt,
        "byline": byline,
        "section_name": article.section.name,
        "lead_image_name": article.lead_image.name or "",
    }


def article_visible_change(article: Article, revision: Revision | None, *, byline) -> bool:
    """Whether a reader would see anything different from what ``revision`` published.

    No revision yet counts as a change. A picture not yet saved has its upload's name,
    never a stored one, so a new picture always counts.
    """
    return _differs(revision, article_visible(article, byline=byline))


def _differs(revision: Revision | None, visible: dict) -> bool:
    return revision is None or any(
        getattr(revision, field) != value for field, value in visible.items()
    )


def picture_change(old_name: str, new_name: str) -> str:
    """How the picture changed between two revisions, from its stored file names.

    A name rather than a hash of the file: storage never gives a new file the name of
    one it holds (and replaced pictures are kept), the name is what the page links to,
    and comparing needs no file read, neither here nor in the migration that filled the
    older revisions. Re-uploading the same picture counts as replacing it, which only
    asks the editor for a kind of change.
    """
    if old_name == new_name:
        return ""
    if not old_name:
        return Revision.PictureChange.ADDED
    return Revision.PictureChange.REPLACED if new_name else Revision.PictureChange.REMOVED


def revision_diffs(previous: Revision | None, visible: dict, *, text: str) -> dict:
    """The stored diffs of a new revision against the one before it.

    ``visible`` is `article_visible` of the new revision; ``text`` its canonical text.
    """
    if previous is None:
        return {}
    return {
        "title_diff_html": diff_html(previous.title, visible["title"]),
        "standfirst_diff_html": diff_html(previous.standfirst, visible["standfirst"]),
        "body_diff_html": diff_html(previous.canonical_text, text),
        "caption_diff_html": diff_html(previous.lead_image_caption, visible["lead_image_caption"]),
        "credit_diff_html": diff_html(previous.lead_image_credit, visible["lead_image_credit"]),
        "alt_diff_html": diff_html(previous.lead_image_alt, visible["lead_image_alt"]),
        "byline_diff_html": replacement_html(
            ", ".join(previous.byline), ", ".join(visible["byline"])
        ),
        "section_diff_html": replacement_html(previous.section_name, visible["section_name"]),
        "picture_change": picture_change(previous.lead_image_name, visible["lead_image_name"]),
    }


def _store_lead_image_size(article: Article) -> None:
    """Store the lead image's size with the article, read from the file only here.

    Django's ImageField reads the file (and decodes its header) whenever an article whose
    stored size is empty is loaded; `FieldFile.save(..., save=False)` on a new article
    leaves the size empty, so without this every page view opened the image.
    """
    if article.lead_image and not (article.lead_image_width and article.lead_image_height):
        article.lead_image_width = article.lead_image.width
        article.lead_image_height = article.lead_image.height
    elif not article.lead_image:
        article.lead_image_width = article.lead_image_height = None


@transaction.atomic
def article_save(*, article: Article, user=None, authors=None) -> Revision | None:
    """Save an article, render its body and record a revision if what readers see changed.

    ``authors``, when given, become the byline before the revision is recorded (the
    admin's form saves them only after the article, too late for it). Returns the new
    revision, or None when none was needed (a draft, or a change no reader sees).
    """
    article.body_html = render_markdown(article.body)
    _store_lead_image_size(article)
    article.save()
    if authors is not None:
        article.authors.set(authors)
    if not article.is_published:
        return None
    # Serialise concurrent edits of one article so revision numbers never collide.
    Article.objects.select_for_update().filter(pk=article.pk).values_list("pk").get()
    previous = (
        Revision.objects.filter(article=article).order_by("-number").first()
        if article.current_revision_id
        else None
    )
    visible = article_visible(article, byline=article_byline(article, authors))
    if not _differs(previous, visible):
        return None
    text = canonical_text(article.body_html)
    revision = Revision.objects.create(
        article=article,
        number=previous.number + 1 if previous else 1,
        canonical_text=text,
        created_by=user,
        **visible,
        **revision_diffs(previous, visible, text=text),
    )
    Article.objects.filter(pk=article.pk).update(current_revision=revision)
    article.current_revision = revision
    revision_created.send(sender=Article, article=article, revision=revision, previous=previous)
    return revision
