"""The race of tests/bot/test_race.py on the cluster's PostgreSQL: two threads, one slot, one winner."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from bot.db import create_schema, make_engine
from bot.scheduling import list_appointments
from tests.bot.test_race import NY, assert_exactly_one_wins_each_race


def test_two_threads_booking_one_slot_on_postgresql_exactly_one_wins(cluster, settings, now):
    postgres = cluster.postgres(cluster.state.postgres_port)
    settings = replace(settings, database_url=postgres.create_database("race", fresh=True))
    engines = [make_engine(settings.database_url) for _ in range(2)]
    create_schema(engines[0])
    starts = [datetime(2026, 3, 3, 9, 0, tzinfo=NY) + timedelta(minutes=30 * slot) for slot in range(10)]
    try:
        assert_exactly_one_wins_each_race(engines, settings, now, starts)
        assert sorted(a.start for a in list_appointments(engines[0], settings=settings)) == starts
    finally:
        for engine in engines:
            engine.dispose()
