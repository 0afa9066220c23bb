import pytest

from corrections.ratelimits import RateLimited, rate_limits_hit


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.CORRECTIONS_RATE_LIMITS = {"ip": (3, 3600), "article": (5, 60)}


def test_requests_up_to_the_limit_pass_and_the_next_is_refused():
    for _ in range(3):
        rate_limits_hit([("ip", "reader")], now=1000.0)
    with pytest.raises(RateLimited) as refused:
        rate_limits_hit([("ip", "reader")], now=1000.0)
    assert refused.value.scope == "ip"
    # The window is the clock hour: 3600 - (1000 % 3600) seconds remain.
    assert refused.value.retry_after == 2600


def test_each_key_and_scope_has_its_own_count():
    for _ in range(3):
        rate_limits_hit([("ip", "reader-a")], now=0.0)
    rate_limits_hit([("ip", "reader-b")], now=0.0)
    rate_limits_hit([("article", "reader-a")], now=0.0)


def test_a_new_window_starts_a_new_count():
    for _ in range(5):
        rate_limits_hit([("article", "42")], now=10.0)
    with pytest.raises(RateLimited):
        rate_limits_hit([("article", "42")], now=59.0)
    rate_limits_hit([("article", "42")], now=61.0)


def test_limits_come_from_settings(settings):
    settings.CORRECTIONS_RATE_LIMITS = {"ip": (1, 3600), "article": (5, 60)}
    rate_limits_hit([("ip", "reader")], now=0.0)
    with pytest.raises(RateLimited):
        rate_limits_hit([("ip", "reader")], now=0.0)


def test_on_redis_each_hit_is_one_round_trip_and_counts_as_before(
    redis_cache, redis_round_trips, monkeypatch
):
    monkeypatch.setattr(type(redis_cache), "add", None)  # any other path would fail
    rate_limits_hit([("ip", "warm-up")], now=1000.0)  # the script is loaded once
    redis_round_trips.clear()
    for _ in range(3):
        rate_limits_hit([("ip", "reader")], now=1000.0)
    with pytest.raises(RateLimited):
        rate_limits_hit([("ip", "reader")], now=1000.0)
    assert len(redis_round_trips) == 4
    # The counter expires with its window (plus a second), not never.
    key = redis_cache.make_and_validate_key(f"corrections:rate:ip:reader:{(1000 // 3600)}")
    ttl = redis_cache._cache.get_client(key).ttl(key)
    assert 3595 <= ttl <= 3601
    # And it is an integer the cache reads back as one.
    assert redis_cache.get(f"corrections:rate:ip:reader:{(1000 // 3600)}") == 4


def test_on_redis_both_limits_of_a_report_cost_one_round_trip(redis_cache, redis_round_trips):
    hits = [("ip", "reader"), ("article", "42")]
    rate_limits_hit(hits, now=1000.0)
    redis_round_trips.clear()
    rate_limits_hit(hits, now=1000.0)
    assert len(redis_round_trips) == 1
    assert redis_cache.get(f"corrections:rate:ip:reader:{1000 // 3600}") == 2
    assert redis_cache.get(f"corrections:rate:article:42:{1000 // 60}") == 2


def test_on_redis_a_lost_script_is_loaded_again(redis_cache):
    # After a Redis restart (or SCRIPT FLUSH) the counting script is gone from the server.
    redis_cache._cache.get_client(write=True).script_flush()
    rate_limits_hit([("ip", "reader"), ("article", "42")], now=1000.0)
    assert redis_cache.get(f"corrections:rate:ip:reader:{1000 // 3600}") == 1


@pytest.fixture(params=["memory", "redis"])
def any_cache(request):
    if request.param == "redis":
        return request.getfixturevalue("redis_cache")
    from django.core.cache import cache

    cache.clear()
    return cache


def test_a_reader_over_their_limit_spends_nothing_of_the_articles(any_cache):
    # One address hammering an article must not use up the article's limit and silence
    # every other reader of it.
    hits = [("ip", "noisy"), ("article", "42")]
    for _ in range(3):
        rate_limits_hit(hits, now=10.0)
    for _ in range(5):
        with pytest.raises(RateLimited) as refused:
            rate_limits_hit(hits, now=10.0)
        assert refused.value.scope == "ip"
    # The article has counted 3 of its 5: two other readers still get through.
    rate_limits_hit([("ip", "another"), ("article", "42")], now=10.0)
    rate_limits_hit([("ip", "a-third"), ("article", "42")], now=10.0)
    with pytest.raises(RateLimited) as refused:
        rate_limits_hit([("ip", "a-fourth"), ("article", "42")], now=10.0)
    assert refused.value.scope == "article"
    assert refused.value.retry_after == 50


@pytest.fixture
def redis_down(settings):
    """The production cache backend pointed at a port where no Redis answers."""
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache_backends.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }


def test_with_the_cache_down_reports_are_let_through(redis_down, caplog):
    for _ in range(10):
        rate_limits_hit([("ip", "reader"), ("article", "42")], now=10.0)
    assert "Rate limits ip, article not checked" in caplog.text


def test_on_redis_a_connection_redis_dropped_is_replaced_and_counting_goes_on(redis_cache, caplog):
    import redis

    hits = [("ip", "reader"), ("article", "42")]
    rate_limits_hit(hits, now=1000.0)  # a pooled connection now exists
    # Redis drops every client connection (a restart, a proxy, an idle timeout).
    killer = redis.Redis.from_url("redis://127.0.0.1:6379/5")
    killer.client_kill_filter(_type="normal", skipme=True)
    rate_limits_hit(hits, now=1000.0)
    rate_limits_hit(hits, now=1000.0)
    assert "not checked" not in caplog.text
    assert redis_cache.get(f"corrections:rate:ip:reader:{1000 // 3600}") == 3


def test_with_the_cache_down_a_refund_is_logged_not_raised(redis_down, caplog):
    from corrections.ratelimits import rate_limits_refund

    rate_limits_refund(["corrections:rate:ip:reader:0", "corrections:rate:article:42:0"])
    assert "not refunded: cache unavailable" in caplog.text


def test_on_redis_a_refund_is_one_round_trip_and_makes_no_expired_counter_again(
    redis_cache, redis_round_trips
):
    from corrections.ratelimits import rate_limits_refund

    counted = rate_limits_hit([("ip", "reader"), ("article", "42")], now=1000.0)
    rate_limits_hit([("ip", "reader"), ("article", "42")], now=1000.0)
    redis_cache.delete(counted[1])  # the article's window ended meanwhile
    rate_limits_refund(["warm-up"])  # the script is loaded once
    redis_round_trips.clear()
    rate_limits_refund(counted)
    assert len(redis_round_trips) == 1
    assert redis_cache.get(counted[0]) == 1
    assert redis_cache.get(counted[1]) is None  # not made again at -1, with no expiry
