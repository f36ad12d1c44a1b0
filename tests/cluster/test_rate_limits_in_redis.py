"""Rate limits in a real Redis (bot/messaging/redis_rate_limit.py): the same buckets as in memory,
shared by every limiter (every Rasa server) that uses that Redis, and still limiting without it."""

from __future__ import annotations

import logging

import pytest

from bot.messaging.redis_rate_limit import KEY_PREFIX, RedisRateLimiter, redis_client
from ops.cluster.redis import Redis
from ops.launch import free_port


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    server = Redis(tmp_path_factory.mktemp("redis"), free_port())
    server.start()
    try:
        yield f"redis://127.0.0.1:{server.port}/1"
    finally:
        server.stop()


@pytest.fixture
def client(redis_url):
    client = redis_client(redis_url)
    client.flushdb()
    yield client
    client.close()


def test_a_burst_up_to_the_limit_then_one_every_60_over_n_seconds(client):
    clock = Clock()
    limiter = RedisRateLimiter(30, client, "rest:sender", clock)  # one every 2 seconds
    assert all(limiter.allow("a") for _ in range(30))
    assert not limiter.allow("a")
    clock.now += 1.9
    assert not limiter.allow("a")
    clock.now += 0.2
    assert limiter.allow("a")
    assert not limiter.allow("a")
    clock.now += 600
    assert sum(limiter.allow("a") for _ in range(100)) == 30  # never more than the burst


def test_two_servers_share_one_bucket_per_key(client):
    clock = Clock()
    first = RedisRateLimiter(10, client, "rest:sender", clock)
    second = RedisRateLimiter(10, client, "rest:sender", clock)
    allowed = [(first if i % 2 else second).allow("conversation") for i in range(12)]
    assert allowed == [True] * 10 + [False] * 2
    assert first.allow("another conversation") and second.allow("another conversation")


def test_webhooks_and_kinds_are_counted_apart(client):
    clock = Clock()
    rest = RedisRateLimiter(1, client, "rest:sender", clock)
    sms = RedisRateLimiter(1, client, "sms:sender", clock)
    assert rest.allow("+16175550199") and not rest.allow("+16175550199")
    assert sms.allow("+16175550199")


def test_redis_holds_no_number_and_forgets_a_full_bucket(client):
    limiter = RedisRateLimiter(60, client, "sms:sender", Clock())
    limiter.allow("+16175550199")
    keys = [key.decode() for key in client.keys("*")]
    assert len(keys) == 1 and keys[0].startswith(KEY_PREFIX + "sms:sender:")
    assert "6175550199" not in keys[0]
    assert 0 < client.pttl(keys[0]) <= 61_000  # gone once it would have refilled


def test_without_redis_it_still_limits_in_this_process(caplog):
    unreachable = redis_client(f"redis://127.0.0.1:{free_port()}/1")
    limiter = RedisRateLimiter(3, unreachable, "rest:sender")
    with caplog.at_level(logging.WARNING):
        assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    warnings = [r for r in caplog.records if "Redis unreachable" in r.getMessage()]
    assert len(warnings) == 1  # once, not once a message


def test_the_channels_use_redis_when_a_url_is_set(redis_url, client):
    from dataclasses import replace

    from bot.messaging.rate_limit import RateLimiter
    from bot.settings import settings_from_environment
    from channels.common import limits_from

    settings = replace(settings_from_environment(), redis_url=redis_url, rate_limit_per_sender=2)
    shared = [limits_from(settings, "rest"), limits_from(settings, "rest")]  # as two Rasa servers
    assert isinstance(shared[0].by_sender, RedisRateLimiter)
    assert [shared[i % 2].sender_allowed("web:x") for i in range(3)] == [True, True, False]
    alone = limits_from(replace(settings, redis_url=""), "rest")
    assert isinstance(alone.by_sender, RateLimiter)
