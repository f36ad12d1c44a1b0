"""Token buckets in Redis: the limits of bot/messaging/rate_limit.py, shared by every Rasa server.

Same interface and arithmetic as `RateLimiter` (a burst of `per_minute`, then one every
60/`per_minute` seconds), but each bucket is a Redis hash updated by one Lua script, so two
Rasa servers behind a load balancer count one patient's messages together. A bucket expires
once it would have refilled (an absent bucket is a full one), so Redis holds only the keys of
the last minute, and each key is a hash of the conversation or address, never the number or
address itself.

When Redis cannot be reached the limiter falls back to counting in this process (and says so
at WARNING, at most once a minute), so patients are still answered and still limited.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable

import redis

from bot.messaging.rate_limit import RateLimiter

logger = logging.getLogger(__name__)

KEY_PREFIX = "clinic:rate:"
TIMEOUT_SECONDS = 0.5  # a webhook never waits longer than this on Redis

# KEYS[1] bucket; ARGV: capacity, tokens per millisecond, now (ms), expiry (ms). Returns 1 or 0.
TAKE_TOKEN = """
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * per_ms)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return allowed
"""


class RedisRateLimiter:
    def __init__(
        self, per_minute: int, client: redis.Redis, namespace: str, clock: Callable[[], float] = time.time
    ) -> None:
        """`namespace` keeps limits apart (e.g. "rest:sender"); `clock`: seconds, the same on every
        server (wall-clock time)."""
        if per_minute < 1:
            raise ValueError("a rate limit must allow at least one request a minute")
        self.capacity = per_minute
        self.per_ms = per_minute / 60_000
        self.expiry_ms = int(self.capacity / self.per_ms) + 1000
        self.client, self.namespace, self.clock = client, namespace, clock
        self.script = client.register_script(TAKE_TOKEN)
        self.fallback = RateLimiter(per_minute)
        self._last_warning = float("-inf")

    def bucket(self, key: str) -> str:
        return f"{KEY_PREFIX}{self.namespace}:{hashlib.sha256(key.encode('utf-8', 'replace')).hexdigest()[:32]}"

    def allow(self, key: str) -> bool:
        """Take one token for `key`; False when its bucket is empty (the request is over the limit)."""
        now_ms = int(self.clock() * 1000)
        try:
            return bool(self.script(keys=[self.bucket(key)], args=[self.capacity, self.per_ms, now_ms, self.expiry_ms]))
        except (redis.RedisError, OSError) as error:
            if time.monotonic() - self._last_warning > 60:
                self._last_warning = time.monotonic()
                logger.warning("rate limits: Redis unreachable (%s); counting in this process", type(error).__name__)
            return self.fallback.allow(key)


def redis_client(url: str) -> redis.Redis:
    """A client that gives up quickly: a webhook must not hang on Redis."""
    return redis.Redis.from_url(url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS)
