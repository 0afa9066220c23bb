import pytest

from corrections.ratelimits import RateLimited, rate_limit_hit


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.CORRECTIONS_RATE_LIMITS = {"ip": (3, 3600), "article": (5, 60)}


def test_requests_up_to_the_limit_pass_and_the_next_is_refused():
    for _ in range(3):
        rate_limit_hit(scope="ip", key="reader", now=1000.0)
    with pytest.raises(RateLimited) as refused:
        rate_limit_hit(scope="ip", key="reader", now=1000.0)
    assert refused.value.scope == "ip"
    # The window is the clock hour: 3600 - (1000 % 3600) seconds remain.
    assert refused.value.retry_after == 2600


def test_each_key_and_scope_has_its_own_count():
    for _ in range(3):
        rate_limit_hit(scope="ip", key="reader-a", now=0.0)
    rate_limit_hit(scope="ip", key="reader-b", now=0.0)
    rate_limit_hit(scope="article", key="reader-a", now=0.0)


def test_a_new_window_starts_a_new_count():
    for _ in range(5):
        rate_limit_hit(scope="article", key="42", now=10.0)
    with pytest.raises(RateLimited):
        rate_limit_hit(scope="article", key="42", now=59.0)
    rate_limit_hit(scope="article", key="42", now=61.0)


def test_limits_come_from_settings(settings):
    settings.CORRECTIONS_RATE_LIMITS = {"ip": (1, 3600), "article": (5, 60)}
    rate_limit_hit(scope="ip", key="reader", now=0.0)
    with pytest.raises(RateLimited):
        rate_limit_hit(scope="ip", key="reader", now=0.0)


@pytest.fixture
def redis_cache(settings):
    """The production cache backend on the machine's Redis (its own key prefix)."""
    import redis
    from django.core.cache import caches

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/5", socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache_backends.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/5",
            "KEY_PREFIX": "test-ratelimits",
        }
    }
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def test_on_redis_each_hit_is_one_round_trip_and_counts_as_before(redis_cache, monkeypatch):
    import redis

    sent = []
    original = redis.client.Pipeline.execute

    def counting(pipeline, *args, **kwargs):
        sent.append(len(pipeline.command_stack))
        return original(pipeline, *args, **kwargs)

    monkeypatch.setattr(redis.client.Pipeline, "execute", counting)
    monkeypatch.setattr(type(redis_cache), "add", None)  # any other path would fail
    for _ in range(3):
        rate_limit_hit(scope="ip", key="reader", now=1000.0)
    with pytest.raises(RateLimited):
        rate_limit_hit(scope="ip", key="reader", now=1000.0)
    assert sent == [2, 2, 2, 2]
    # The counter expires with its window (plus a second), not never.
    key = redis_cache.make_and_validate_key(f"corrections:rate:ip:reader:{(1000 // 3600)}")
    ttl = redis_cache._cache.get_client(key).ttl(key)
    assert 3595 <= ttl <= 3601
    # And it is an integer the cache reads back as one.
    assert redis_cache.get(f"corrections:rate:ip:reader:{(1000 // 3600)}") == 4
