import re
from datetime import datetime

from django.core.paginator import InvalidPage, Paginator
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .cache import cache_public_page
from .middleware import RETRY_AFTER_SECONDS
from .models import Article, Section
from .prepared import PreparedQuery

ARTICLES_PER_PAGE = 20
RELATED_ARTICLES = 4
# One spelling per page: "01", " 2" or "٢" would each be another cache entry of one page.
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


def page_or_404(object_list, per_page: int, number: str | None):
    """The page `?page=` asks for (the first when it is absent), or 404 if there is none.

    Answering every odd value with some page let anyone fill the page cache with copies
    of the last page and push real pages out of it; a page that does not exist is a 404,
    which is never cached.
    """
    number = number or "1"
    if not PAGE_NUMBER.fullmatch(number):
        raise Http404(_("No such page."))
    try:
        return Paginator(object_list, per_page).page(int(number))
    except InvalidPage:
        raise Http404(_("No such page.")) from None


def speak_language_of(article: Article) -> None:
    """Answer in the article's language: its page, form, messages and record follow it.

    SiteLanguageMiddleware restores the site's language after the request.
    """
    translation.activate(article.language_code)


@require_safe
@cache_public_page
def home(request):
    articles = Article.objects.published().for_listing()[:ARTICLES_PER_PAGE]
    return render(request, "newsroom/home.html", {"articles": articles})


@require_safe
@cache_public_page(query_params=("page",))
def section_detail(request, section):
    section = get_object_or_404(Section, slug=section)
    articles = Article.objects.published().filter(section=section).for_listing()
    page = page_or_404(articles, ARTICLES_PER_PAGE, request.GET.get("page"))
    return render(
        request,
        "newsroom/section.html",
        {"section": section, "page": page, "current_section_slug": section.slug},
    )


# The article page's two reads, compiled once per thread (newsroom/prepared.py): only
# what the page shows. The Markdown source is large and would be read for nothing; the
# slug is unique, so the row needs no ORDER BY.
ARTICLE_PAGE = PreparedQuery(
    lambda slug, now: (
        Article.objects.published(now=now)
        .select_related("section")
        .defer("body")
        .with_author_names()
        .filter(slug=slug)
        .order_by()[:1]
    ),
    slug=str,
    now=datetime,
)
RELATED = PreparedQuery(
    lambda section_id, article_id, now: (
        Article.objects.published(now=now)
        .filter(section=section_id)
        .exclude(pk=article_id)
        # The language marks a related title written in another language than the page.
        .only("title", "slug", "published_at", "section_id", "language")
        .order_by("-published_at")[:RELATED_ARTICLES]
    ),
    section_id=int,
    article_id=int,
    now=datetime,
)


@require_safe
@cache_public_page
def article_detail(request, section, year, month, day, slug):
    now = timezone.now()
    found = ARTICLE_PAGE.fetch(slug=slug, now=now)
    article = found[0] if found else None
    if article is None:
        raise Http404(_("No such article."))
    speak_language_of(article)
    if request.path != article.get_absolute_url():
        # The section or date in the URL is out of date: send readers and crawlers to the
        # one canonical address instead of serving the article twice.
        return redirect(article, permanent=True)
    related = RELATED.fetch(section_id=article.section_id, article_id=article.pk, now=now)
    for other in related:
        # Same section as the article: its URL needs no join and no second copy of it.
        other.section = article.section
    return render(request, "newsroom/article.html", {"article": article, "related": related})


ROBOTS_TXT = """User-agent: *
Disallow: /admin/
# A reader's status page is private to whoever holds its link.
Disallow: /corrections/s/
"""


@require_safe
def robots_txt(request):
    return HttpResponse(ROBOTS_TXT, content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers, 503 otherwise; for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse("ok\n", content_type="text/plain")
