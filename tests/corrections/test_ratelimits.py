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
