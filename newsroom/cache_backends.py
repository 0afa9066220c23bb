"""Django's Redis cache, keeping its client objects instead of building one per operation.

Django's RedisCacheClient makes a new redis.Redis for every get or set. Building one fills
its table of response callbacks, which costs about as much as the cache hit itself, and a
cached article page makes two cache calls. A redis.Redis object is thread-safe (each
command borrows a connection from the pool), so one per connection pool is enough.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.commands.core import Script
from redis.exceptions import NoScriptError

# Counters in one round trip, stopping at the first over its limit: KEYS are the
# counters, ARGV their expiry in seconds and limit, in pairs. Each is created at 0 with its
# expiry if missing, then incremented; the counts so far are returned.
COUNT_UNTIL_OVER = Script(
    None,
    b"""
local counts = {}
for i, key in ipairs(KEYS) do
  redis.call('SET', key, 0, 'NX', 'EX', ARGV[2 * i - 1])
  counts[i] = redis.call('INCR', key)
  if counts[i] > tonumber(ARGV[2 * i]) then break end
end
return counts
""",
)


# Counts given back in one round trip: each counter in KEYS that still exists goes down by
# one; one that has expired meanwhile is not made again (it would have no expiry).
COUNT_BACK = Script(
    None,
    b"""
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then redis.call('DECR', key) end
end
return 0
""",
)


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def count_until_over(self, counters: list[tuple[str, int, int]], version=None) -> list[int]:
        """Count one more on each ``(key, timeout, limit)`` in turn, in one round trip.

        Stops at the first counter that goes over its limit, as separate counts checked
        one by one would: the counters after it are not counted. Returns
        the counts made (the last is over its limit when fewer than ``counters``, or
        when the last counter went over).
        """
        keys = [self.make_and_validate_key(key, version=version) for key, _, _ in counters]
        client = self._cache.get_client(keys[0], write=True)
        limits = [str(int(value)) for _, timeout, limit in counters for value in (timeout, limit)]
        # Straight on a pooled connection, not through redis-py's Script and command layers
        # (retries, observability, response callbacks): they were a third of the call, on
        # every suggestion POST. The pool replaces a connection Redis has closed; any other
        # failure is raised at once, without retries (the limits then let the report through
        # and log it), and its connection dropped, so the next call gets a new one.
        pool = client.connection_pool
        connection = pool.get_connection()
        try:
            try:
                connection.send_command("EVALSHA", COUNT_UNTIL_OVER.sha, len(keys), *keys, *limits)
                return connection.read_response()
            except NoScriptError:  # Redis restarted, or its scripts were flushed
                connection.send_command("EVAL", COUNT_UNTIL_OVER.script, len(keys), *keys, *limits)
                return connection.read_response()
        except BaseException:
            connection.disconnect()
            raise
        finally:
            pool.release(connection)

    def count_back(self, keys: list[str], version=None) -> None:
        """Take one count back from each of ``keys`` (counted by ``count_until_over``)
        that still exists, in one round trip."""
        keys = [self.make_and_validate_key(key, version=version) for key in keys]
        COUNT_BACK(keys=keys, client=self._cache.get_client(keys[0], write=True))
