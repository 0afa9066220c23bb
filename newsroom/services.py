"""State changes of articles; shared by the admin, commands and tests."""

from django.db import transaction

from .markdown import render_markdown
from .models import Article, Revision
from .signals import revision_created
from .text import canonical_text


def _text_changed(article: Article, revision: Revision | None) -> bool:
    if revision is None:
        return True
    return (
        article.title != revision.title
        or article.standfirst != revision.standfirst
        or article.body_html != revision.body_html
    )


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
    if not _text_changed(article, previous):
        return None
    revision = Revision.objects.create(
        article=article,
        number=previous.number + 1 if previous else 1,
        title=article.title,
        standfirst=article.standfirst,
        body_html=article.body_html,
        canonical_text=canonical_text(article.body_html),
        created_by=user,
    )
    Article.objects.filter(pk=article.pk).update(current_revision=revision)
    article.current_revision = revision
    revision_created.send(sender=Article, article=article, revision=revision, previous=previous)
    return revision
