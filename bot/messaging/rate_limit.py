"""Token buckets in memory: at most N requests a minute per key (a conversation, an address).

Each key's bucket holds up to `per_minute` tokens and refills continuously at `per_minute`
a minute, so a burst of `per_minute` is allowed, then one every 60/`per_minute` seconds.
When the table outgrows `max_keys`, buckets that have refilled completely (they carry no
information) are dropped, then if need be the least recently used ones, down to 90 %, so
memory stays bounded however many keys arrive. Limits live in one process: with
several Rasa processes behind a load balancer, bot/messaging/redis_rate_limit.py shares them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol


class Limiter(Protocol):
    def allow(self, key: str) -> bool: ...


class RateLimiter:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic, max_keys: int = 10_000) -> None:
        if per_minute < 1:
            raise ValueError("a rate limit must allow at least one request a minute")
        self.capacity = float(per_minute)
        self.per_second = per_minute / 60.0
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, when last counted)
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Take one token for `key`; False when its bucket is empty (the request is over the limit)."""
        with self._lock:
            now = self.clock()
            tokens = self._tokens(key, now)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1.0, now)
            if len(self._buckets) > self.max_keys:
                self._shrink(now)
            return True

    def _tokens(self, key: str, now: float) -> float:
        tokens, then = self._buckets.get(key, (self.capacity, now))
        return min(self.capacity, tokens + (now - then) * self.per_second)

    def _shrink(self, now: float) -> None:
        for key in [k for k in self._buckets if self._tokens(k, now) >= self.capacity]:
            del self._buckets[key]
        excess = len(self._buckets) - int(self.max_keys * 0.9)
        if excess > 0:
            by_last_use = sorted(self._buckets, key=lambda k: self._buckets[k][1])
            for key in by_last_use[:excess]:
                del self._buckets[key]

    def __len__(self) -> int:
        return len(self._buckets)


class WebhookLimits:
    """One webhook's two limits: per client address, checked first, and per conversation.

    `make_limiter(per_minute, kind)` builds each (`kind` is "sender" or "address"); by default
    token buckets in this process.
    """

    def __init__(
        self,
        per_sender: int,
        per_address: int,
        clock: Callable[[], float] = time.monotonic,
        make_limiter: Callable[[int, str], Limiter] | None = None,
    ) -> None:
        make = make_limiter or (lambda per_minute, _kind: RateLimiter(per_minute, clock))
        self.by_sender = make(per_sender, "sender")
        self.by_address = make(per_address, "address")

    def address_allowed(self, address: str) -> bool:
        return self.by_address.allow(address)

    def sender_allowed(self, sender: str) -> bool:
        return self.by_sender.allow(sender)
