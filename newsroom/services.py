"""State changes of articles; shared by the admin, commands and tests."""

from django.db import transaction

from .diffing import diff_html
from .markdown import render_markdown
from .models import Article, Revision
from .signals import revision_created
from .text import canonical_text


def article_text_changed(article: Article, revision: Revision | None) -> bool:
    """Whether the article as it stands (body already rendered) differs from ``revision``
    in what a reader sees, i.e. whether saving it records a new revision."""
    if revision is None:
        return True
    return (
        article.title != revision.title
        or article.standfirst != revision.standfirst
        or article.body_html != revision.body_html
    )


def revision_diffs(previous: Revision | None, *, title: str, standfirst: str, text: str) -> dict:
    """The stored word-level diffs of a new revision against the one before it."""
    if previous is None:
        return {}
    return {
        "title_diff_html": diff_html(previous.title, title),
        "standfirst_diff_html": diff_html(previous.standfirst, standfirst),
        "body_diff_html": diff_html(previous.canonical_text, text),
    }


@transaction.atomic
def article_save(*, article: Article, user=None) -> Revision | None:
    """Save an article, render its body and record a revision if its public text changed.

    Returns the new revision, or None when none was needed (a draft, or a change that did
    not touch title, standfirst or body).
    """
    article.body_html = render_markdown(article.body)
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
        created_by=user,
        **revision_diffs(previous, title=article.title, standfirst=article.standfirst, text=text),
    )
    Article.objects.filter(pk=article.pk).update(current_revision=revision)
    article.current_revision = revision
    revision_created.send(sender=Article, article=article, revision=revision, previous=previous)
    return revision
