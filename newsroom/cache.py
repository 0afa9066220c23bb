"""Whole-page caching of the public pages, and its invalidation.

A page is stored under a key made only from its URL and two version numbers kept in the
same cache, so finding it costs no database query:

- the site's version, bumped by `site_changed()` when anything shown on many pages changes
  (an article's title in listings and related links, a section in the navigation, a byline);
- an article's version, bumped by `article_changed(article)` when only the pages at and
  below that article's address change (its text, its notes, its changelog).

Bumping a version orphans the pages stored under the old one; they expire on their own.
The versions live in the shared cache (Redis in production), so an edit saved through one
app server is seen by every other. With the per-process memory cache (no REDIS_URL) each
process has its own versions, which is why pages then expire sooner (settings).

Only pages that are the same for every visitor are stored: a response that set a cookie,
used the CSRF token, the session or the CSP nonce is served but never cached. The cache
is an optimisation, never a dependency: when it fails, the page is rendered as if it were
empty, and the error is logged.

`Cache-Control: public, max-age=PAGE_CACHE_MAX_AGE` lets browsers and a CDN keep a page
for a short while; invalidation reaches only our own cache, so that figure is the longest
a corrected page can still be seen elsewhere.
"""

import functools
import hashlib
import logging
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

SITE_VERSION_KEY = "page-version:site"


def _article_version_key(slug: str) -> str:
    return f"page-version:article:{slug}"


def _new_version() -> int:
    # Unique over time, so a version that was evicted and created again never brings back
    # pages stored under its old value.
    return time.time_ns()


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, _new_version(), timeout=None)


def _bump_quietly(key: str) -> None:
    try:
        _bump(key)
    except Exception:
        logger.exception("Could not invalidate cached pages (%s); they expire on their own.", key)


def _bump_now_and_after_commit(key: str) -> None:
    """Bump a version at once and again when the transaction commits.

    The second bump discards a page that another request rendered from the data as it was
    before the commit and stored under the first bumped version.
    """
    _bump_quietly(key)
    transaction.on_commit(functools.partial(_bump_quietly, key))


def site_changed() -> None:
    """Every cached page must be rendered afresh."""
    _bump_now_and_after_commit(SITE_VERSION_KEY)


PLAIN_QUERY_VALUE = re.compile(r"|[1-9][0-9]{0,5}")


def article_changed(article) -> None:
    """The cached pages at and below this article's address must be rendered afresh."""
    _bump_now_and_after_commit(_article_version_key(article.slug))


def _versions(slug: str | None) -> tuple[int, int]:
    keys = [SITE_VERSION_KEY] + ([_article_version_key(slug)] if slug else [])
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, _new_version(), timeout=None)
            found[key] = cache.get(key)
    article_version = found[_article_version_key(slug)] if slug else 0
    return found[SITE_VERSION_KEY], article_version


def _page_key(request, query_params: tuple[str, ...]) -> str:
    slug = request.resolver_match.kwargs.get("slug") if request.resolver_match else None
    site_version, article_version = _versions(slug)
    query = "&".join(f"{name}={request.GET.get(name, '')}" for name in query_params)
    # The site's language is part of the key: app servers sharing one Redis but started
    # with different LANGUAGE_CODEs must not serve each other's pages. (An article's own
    # language follows from its address, and changing it bumps the site's version.)
    address = hashlib.sha256(f"{get_language()}:{request.path}?{query}".encode()).hexdigest()
    return f"page:{site_version}:{article_version}:{address}"


def _has_plain_query(request, query_params: tuple[str, ...]) -> bool:
    # Only page numbers are worth a cache entry: ?page=x1, x2, … would each store another
    # copy of page 1 and push useful pages out of the cache.
    return all(PLAIN_QUERY_VALUE.fullmatch(request.GET.get(name, "")) for name in query_params)


def _is_anonymous_request(request) -> bool:
    # Reading request.user would cost a query for visitors with a session; the cookie's
    # presence is enough to leave logged-in editors out of the cache.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _is_the_same_for_everyone(request, response) -> bool:
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Vary")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.accessed)
        and not getattr(request, "_csp_nonce", None)
    )


def cache_public_page(view=None, *, query_params: tuple[str, ...] = ()):
    """Serve a public GET or HEAD page from the cache, storing it when it is the same for all.

    `query_params` names the query parameters the page depends on; others (tracking tags)
    are ignored, so they cannot fill the cache with copies of one page.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            # HEAD shares the GET entry: the server sends the headers and drops the body.
            if (
                request.method not in {"GET", "HEAD"}
                or not _is_anonymous_request(request)
                or not _has_plain_query(request, query_params)
            ):
                return view(request, *args, **kwargs)
            if settings.PAGE_CACHE_TIMEOUT <= 0:
                # The page cache is switched off: nothing could be found or stored, so the
                # version look-ups and the store would be round trips to Redis for nothing.
                key = cached = None
            else:
                try:
                    key = _page_key(request, query_params)
                    cached = cache.get(key)
                except Exception:
                    logger.warning("Page cache unavailable; rendering %s uncached.", request.path)
                    key = cached = None
            if cached is not None:
                content, content_type = cached
                response = HttpResponse(content, content_type=content_type)
            else:
                response = view(request, *args, **kwargs)
                if not _is_the_same_for_everyone(request, response):
                    return response
                if key is not None:
                    try:
                        cache.set(
                            key,
                            (response.content, response["Content-Type"]),
                            timeout=settings.PAGE_CACHE_TIMEOUT,
                        )
                    except Exception:
                        logger.warning("Page cache unavailable; %s not stored.", request.path)
            patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_MAX_AGE)
            return response

        return wrapper

    return decorator(view) if view is not None else decorator


def _on_site_change(sender, **kwargs) -> None:
    site_changed()


def _on_article_part_change(sender, instance, **kwargs) -> None:
    try:
        article = instance.article
    except ObjectDoesNotExist:
        # Deleted along with its article, which invalidates every page itself.
        return
    article_changed(article)


def connect_article_part(model) -> None:
    """Invalidate an article's pages whenever one of its `model` objects is saved or deleted.

    For models with an `article` foreign key that are shown on the article's own pages:
    revisions here, change notes in the corrections app.
    """
    label = model._meta.label
    post_save.connect(_on_article_part_change, sender=model, dispatch_uid=f"page-cache:{label}")
    post_delete.connect(_on_article_part_change, sender=model, dispatch_uid=f"page-cache-:{label}")


def connect_signals() -> None:
    """Invalidate cached pages whenever what they show changes (called by the app config)."""
    from .models import Article, Author, Revision, Section

    for model in (Article, Section, Author):
        label = model._meta.label
        post_save.connect(_on_site_change, sender=model, dispatch_uid=f"page-cache:{label}")
        post_delete.connect(_on_site_change, sender=model, dispatch_uid=f"page-cache-:{label}")
    m2m_changed.connect(
        _on_site_change, sender=Article.authors.through, dispatch_uid="page-cache:bylines"
    )
    connect_article_part(Revision)
