"""Fixed-window rate limits kept in the shared cache, so they hold across app servers."""

import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

DEFAULT_RATE_LIMITS = {"ip": (10, 3600), "article": (200, 3600)}


class RateLimited(Exception):
    """Too many suggestions; ``retry_after`` is the number of seconds until the window ends."""

    def __init__(self, *, scope: str, retry_after: int) -> None:
        super().__init__(f"rate limit {scope!r} reached; retry after {retry_after}s")
        self.scope = scope
        self.retry_after = retry_after


def _add_and_incr(cache_key: str, *, timeout: int) -> int:
    add_and_incr = getattr(cache, "add_and_incr", None)
    if add_and_incr is not None:
        # Our Redis backend: both commands in one round trip (a reader's POST counts two).
        return add_and_incr(cache_key, timeout)
    cache.add(cache_key, 0, timeout=timeout)
    try:
        return cache.incr(cache_key)
    except ValueError:  # evicted between add and incr
        cache.set(cache_key, 1, timeout=timeout)
        return 1


def rate_limit_hit(*, scope: str, key: str, now: float | None = None) -> None:
    """Count one request for ``key`` in ``scope``; raise RateLimited beyond the limit.

    The scope's limit comes from settings.CORRECTIONS_RATE_LIMITS. ``add`` then ``incr``
    is atomic on Redis (and on the local-memory cache), so concurrent requests on several
    servers cannot all slip under the limit.
    """
    limits = getattr(settings, "CORRECTIONS_RATE_LIMITS", DEFAULT_RATE_LIMITS)
    limit, window = limits.get(scope, DEFAULT_RATE_LIMITS[scope])
    now = time.time() if now is None else now
    bucket = int(now // window)
    cache_key = f"corrections:rate:{scope}:{key}:{bucket}"
    try:
        count = _add_and_incr(cache_key, timeout=window + 1)
    except Exception:
        # With the cache down, a reader's report matters more than the limit: it is let
        # through (the honeypot, minimum time and dedupe still apply) and the outage logged.
        logger.warning("Rate limit %s not checked: cache unavailable", scope, exc_info=True)
        return
    if count > limit:
        raise RateLimited(scope=scope, retry_after=max(1, int(window - now % window)))
