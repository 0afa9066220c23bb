"""Fixed-window rate limits kept in the shared cache, so they hold across app servers."""

import contextlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

DEFAULT_RATE_LIMITS = {"ip": (10, 3600), "article": (200, 3600)}


class RateLimited(Exception):
    """Too many suggestions; ``retry_after`` is the number of seconds until the window ends.

    ``counted``: the counters this request counted (for ``rate_limits_refund``).
    """

    def __init__(self, *, scope: str, retry_after: int, counted: list[str] = ()) -> None:
        super().__init__(f"rate limit {scope!r} reached; retry after {retry_after}s")
        self.scope = scope
        self.retry_after = retry_after
        self.counted = list(counted)


def _count_until_over(counters: list[tuple[str, int, int]]) -> list[int]:
    count_until_over = getattr(cache, "count_until_over", None)
    if count_until_over is not None:
        # Our Redis backend: every counter of a request in one round trip.
        return count_until_over(counters)
    counts = []
    for cache_key, timeout, limit in counters:
        cache.add(cache_key, 0, timeout=timeout)
        try:
            counts.append(cache.incr(cache_key))
        except ValueError:  # evicted between add and incr
            cache.set(cache_key, 1, timeout=timeout)
            counts.append(1)
        if counts[-1] > limit:
            break
    return counts


def rate_limits_hit(hits: list[tuple[str, str]], *, now: float | None = None) -> list[str]:
    """Count one request for each ``(scope, key)`` in turn; raise RateLimited at the first
    over its limit, whose later scopes are then not counted.

    A reader refused by the per-address limit therefore spends nothing of the article's:
    one address cannot use it up and silence everyone else's reports on that article.

    Each scope's limit comes from settings.CORRECTIONS_RATE_LIMITS. Creating a counter and
    incrementing it is atomic on Redis (one script for every counter of the request) and on
    the local-memory cache, so concurrent requests on several servers cannot all slip
    under a limit.

    Returns the counters it counted, for ``rate_limits_refund`` should the request that
    was counted not be stored after all.
    """
    limits = getattr(settings, "CORRECTIONS_RATE_LIMITS", DEFAULT_RATE_LIMITS)
    now = time.time() if now is None else now
    counters, windows = [], []
    for scope, key in hits:
        limit, window = limits.get(scope, DEFAULT_RATE_LIMITS[scope])
        bucket = int(now // window)
        counters.append((f"corrections:rate:{scope}:{key}:{bucket}", window + 1, limit))
        windows.append(window)
    try:
        counts = _count_until_over(counters)
    except Exception:
        # With the cache down, a reader's report matters more than the limit: it is let
        # through (the honeypot, minimum time and dedupe still apply) and the outage logged.
        logger.warning(
            "Rate limits %s not checked: cache unavailable",
            ", ".join(scope for scope, _ in hits),
            exc_info=True,
        )
        return []
    # The counts stop at the first counter over its limit: only the last can be over.
    counted = [cache_key for cache_key, _, _ in counters[: len(counts)]]
    last = len(counts) - 1
    if counts[last] > counters[last][2]:
        window = windows[last]
        retry_after = max(1, int(window - now % window))
        raise RateLimited(scope=hits[last][0], retry_after=retry_after, counted=counted)
    return counted


def rate_limits_refund(counted: list[str]) -> None:
    """Take back one count from each counter ``rate_limits_hit`` counted: the request it
    counted was a retry of one already stored, or could not be stored."""
    if not counted:
        return
    count_back = getattr(cache, "count_back", None)
    try:
        if count_back is not None:
            count_back(counted)  # our Redis backend: one round trip
        else:
            for cache_key in counted:
                # The window ended (or the counter was evicted) meanwhile: nothing to take.
                with contextlib.suppress(ValueError):
                    cache.decr(cache_key)
    except Exception:
        logger.warning("Rate limits %s not refunded: cache unavailable", ", ".join(counted))
