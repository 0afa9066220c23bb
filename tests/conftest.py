"""Fixtures every test gets (isolated media files, empty caches) and shared ones."""

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _forget_recent_revisions():
    """What suggestion POSTs read is kept per process: no test sees another's (databases
    rolled back between tests give new rows the ids of old ones)."""
    from corrections.published import RECENT_REVISIONS

    RECENT_REVISIONS.clear()
    yield
    RECENT_REVISIONS.clear()


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


@pytest.fixture
def redis_round_trips(monkeypatch):
    """Every round trip to Redis, as the commands sent in it."""
    import redis

    sent = []
    original = redis.connection.AbstractConnection.send_packed_command

    def counting(connection, command, *args, **kwargs):
        sent.append(command)
        return original(connection, command, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counting)
    return sent


@pytest.fixture
def tasks_in_the_database(settings):
    """Notifications queued in this database, as in production."""
    settings.TASKS = {"default": {"BACKEND": "newsroom.task_backends.DatabaseBackend"}}


@pytest.fixture
def editor_client(client):
    """The test client logged in as an editor of the desk (``client.editor``)."""
    from desk_users import make_editor

    client.editor = make_editor()
    client.force_login(client.editor)
    return client
