"""Public pages of the record: an article's changelog, the corrections page and the policy.

Kept apart from the reader's suggestion views so both can grow without stepping on each
other; like them, these pages hold no per-visitor content and can be cached whole.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from newsroom.models import Article

from .record import changelog_entries, changelog_url, public_notes

NOTES_PER_PAGE = 20


def published_article(slug: str) -> Article:
    article = Article.objects.published().select_related("section").filter(slug=slug).first()
    if article is None:
        raise Http404(_("No such article."))
    return article


@require_safe
def changelog(request, section, year, month, day, slug):
    article = published_article(slug)
    url = changelog_url(article)
    if request.path != url:
        return redirect(url, permanent=True)
    return render(
        request,
        "corrections/changelog.html",
        {"article": article, "entries": changelog_entries(article), "changelog_url": url},
    )


@require_safe
def corrections_list(request):
    page = Paginator(public_notes(), NOTES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "corrections/corrections_list.html", {"page": page})


@require_safe
def policy(request):
    return render(request, "corrections/policy.html")
