"""A Redis cache that degrades instead of failing: the site keeps working when Redis does not.

Everything the project keeps in the cache can be recomputed or is a soft limit (rate-limit
counters, Wagtail's site root paths, rendered fragments), so when Redis is down or hangs, a
cache call answers as a miss after at most the socket timeout, and for `REDIS_RETRY_SECONDS`
afterwards the process does not even try (a hanging Redis would otherwise add the timeout
to every call of every request). `/healthz` reports the cache as degraded meanwhile.

Fallbacks fail open, as a cache miss does: `get` → default, `add` → True (so allauth's cache
lock does not spin for a second), `incr` → the delta, writes → nothing. Rate limits are
therefore not enforced while Redis is away; that is the trade-off for sign-in and check-in
continuing to work (see README, "When a service fails").
"""

import logging
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 5))
        # Short socket timeouts: a Redis that accepts and never answers must cost
        # milliseconds, not redis-py's default of waiting for ever (5 s with its retries).
        options.setdefault("socket_connect_timeout", 0.25)
        options.setdefault("socket_timeout", 0.25)
        options.setdefault("retry_on_timeout", False)
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._down_until = 0.0
        self.last_error = ""

    # --- the guard ----------------------------------------------------------------------------

    def is_available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _call(self, method: str, fallback, *args, **kwargs):
        if not self.is_available():
            return fallback
        try:
            return getattr(super(), method)(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - every Redis failure must become a miss
            if not self._is_redis_error(error):
                raise
            self._down_until = time.monotonic() + self.retry_seconds
            self.last_error = f"{type(error).__name__}: {error}"
            logger.warning("cache unavailable, answering as a miss for %ss: %s",
                           self.retry_seconds, self.last_error)
            return fallback

    @staticmethod
    def _is_redis_error(error: Exception) -> bool:
        return isinstance(error, redis.RedisError | OSError)

    def ping(self) -> bool:
        """For /healthz: a real round trip, also while the guard is down."""
        try:
            return bool(self._cache.get_client(write=False).ping())
        except Exception as error:  # noqa: BLE001
            if not self._is_redis_error(error):
                raise
            self._down_until = time.monotonic() + self.retry_seconds
            self.last_error = f"{type(error).__name__}: {error}"
            return False

    # --- the cache API ------------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", delta, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", [], data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)
