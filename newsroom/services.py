"""State changes of articles; shared by the admin, commands and tests."""

from django.db import transaction

from .diffing import diff_html
from .markdown import render_markdown
from .models import Article, Revision
from .signals import revision_created
from .text import canonical_text


def article_text_changed(article: Article, revision: Revision | None) -> bool:
    """Whether a reader would see different words than ``revision`` published.

    Every part of the article a reader sees counts: title, standfirst, body and the lead
    image's caption, credit and description (what a screen reader reads instead of the
    picture). No revision yet counts as a change. ``article.body_html``
    must be rendered from the body being saved.
    """
    if revision is None:
        return True
    return (
        article.title != revision.title
        or article.standfirst != revision.standfirst
        or article.body_html != revision.body_html
        or article.lead_image_caption != revision.lead_image_caption
        or article.lead_image_credit != revision.lead_image_credit
        or article.lead_image_alt != revision.lead_image_alt
    )


def revision_diffs(
    previous: Revision | None,
    *,
    title: str,
    standfirst: str,
    text: str,
    caption: str,
    credit: str,
    alt: str,
) -> dict:
    """The stored word-level diffs of a new revision against the one before it."""
    if previous is None:
        return {}
    return {
        "title_diff_html": diff_html(previous.title, title),
        "standfirst_diff_html": diff_html(previous.standfirst, standfirst),
        "body_diff_html": diff_html(previous.canonical_text, text),
        "caption_diff_html": diff_html(previous.lead_image_caption, caption),
        "credit_diff_html": diff_html(previous.lead_image_credit, credit),
        "alt_diff_html": diff_html(previous.lead_image_alt, alt),
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
def article_save(*, article: Article, user=None) -> Revision | None:
    """Save an article, render its body and record a revision if its public text changed.

    Returns the new revision, or None when none was needed (a draft, or a change that did
    not touch what a reader sees: title, standfirst, body, lead-image caption or credit).
    """
    article.body_html = render_markdown(article.body)
    _store_lead_image_size(article)
    article.save()
    if not article.is_published:
        return None
    # Serialise concurrent edits of one article so revision numbers never collide.
    Article.objects.select_for_update().filter(pk=article.pk).values_list("pk").get()
    previous = (
        Revision.objects.filter(article=article).order_by("-number").first()
        if article.current_revision_id
        else None
    )
    if not article_text_changed(article, previous):
        return None
    text = canonical_text(article.body_html)
    revision = Revision.objects.create(
        article=article,
        number=previous.number + 1 if previous else 1,
        title=article.title,
        standfirst=article.standfirst,
        body_html=article.body_html,
        canonical_text=text,
        lead_image_caption=article.lead_image_caption,
        lead_image_credit=article.lead_image_credit,
        lead_image_alt=article.lead_image_alt,
        created_by=user,
        **revision_diffs(
            previous,
            title=article.title,
            standfirst=article.standfirst,
            text=text,
            caption=article.lead_image_caption,
            credit=article.lead_image_credit,
            alt=article.lead_image_alt,
        ),
    )
    Article.objects.filter(pk=article.pk).update(current_revision=revision)
    article.current_revision = revision
    revision_created.send(sender=Article, article=article, revision=revision, previous=previous)
    return revision
