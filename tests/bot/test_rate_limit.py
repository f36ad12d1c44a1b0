"""Token-bucket rate limits (bot/rate_limit.py), on a clock the tests move by hand."""

from __future__ import annotations

import pytest

from bot.messaging.rate_limit import RateLimiter, WebhookLimits


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_up_to_the_limit_is_allowed_then_refused():
    limiter = RateLimiter(30, Clock())
    assert all(limiter.allow("a") for _ in range(30))
    assert not limiter.allow("a")
    assert not limiter.allow("a")


def test_tokens_come_back_at_the_rate():
    clock = Clock()
    limiter = RateLimiter(30, clock)  # one every 2 seconds
    for _ in range(30):
        limiter.allow("a")
    clock.now += 1.9
    assert not limiter.allow("a")
    clock.now += 0.2
    assert limiter.allow("a")
    assert not limiter.allow("a")
    clock.now += 60
    assert sum(limiter.allow("a") for _ in range(100)) == 30  # never more than the burst


def test_refused_requests_do_not_use_up_tokens():
    clock = Clock()
    limiter = RateLimiter(60, clock)
    for _ in range(60):
        limiter.allow("a")
    for _ in range(1000):
        limiter.allow("a")
    clock.now += 1.0
    assert limiter.allow("a")


def test_keys_are_counted_apart():
    limiter = RateLimiter(2, Clock())
    assert limiter.allow("a") and limiter.allow("a") and not limiter.allow("a")
    assert limiter.allow("b") and limiter.allow("b")


def test_memory_stays_bounded_and_busy_keys_keep_their_count():
    clock = Clock()
    limiter = RateLimiter(3, clock, max_keys=100)
    for _ in range(3):
        limiter.allow("busy")
    for n in range(1000):
        clock.now += 0.001
        limiter.allow(f"key-{n}")
        limiter.allow("busy") if n % 50 == 0 else None
    assert len(limiter) <= 100
    assert not limiter.allow("busy")


def test_a_limit_below_one_is_refused():
    with pytest.raises(ValueError):
        RateLimiter(0)


def test_webhook_limits_count_addresses_and_senders_separately():
    limits = WebhookLimits(per_sender=2, per_address=3, clock=Clock())
    assert limits.address_allowed("10.0.0.1") and limits.sender_allowed("a")
    assert limits.address_allowed("10.0.0.1") and limits.sender_allowed("a")
    assert not limits.sender_allowed("a") and limits.sender_allowed("b")
    assert limits.address_allowed("10.0.0.1") and not limits.address_allowed("10.0.0.1")
    assert limits.address_allowed("10.0.0.2")
