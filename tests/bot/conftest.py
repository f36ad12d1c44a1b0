"""Fixtures for the scheduling tests: settings and an engine on a temporary SQLite file.

With TEST_DATABASE_URL set to a PostgreSQL database that may be emptied, the appointment tests
run there instead (tests/cluster/ does this); each test starts with empty tables.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.clinic.database import Base, create_schema, make_engine
from bot.settings import Settings, parse_opening_hours, settings_from_environment

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def now() -> datetime:
    """A fixed Monday morning, so no test depends on today's date."""
    return datetime(2026, 3, 2, 10, 0, tzinfo=NEW_YORK)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return replace(
        settings_from_environment(),
        database_url=os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'clinic.db'}",
        tracker_store_url=f"sqlite:///{tmp_path / 'tracker.db'}",
        scheduling_webhook_url="",
        scheduling_webhook_token="",
        opening_hours=parse_opening_hours("mon-fri 09:00-17:00"),
        timezone=NEW_YORK,
        slot_minutes=30,
        booking_horizon_days=90,
        phone_region="US",
        retention_days=365,
        max_open_requests=100,  # many tests fill a day from one phone; the cap has its own tests
    )


@pytest.fixture
def engine(settings):
    engine = make_engine(settings.database_url)
    if os.environ.get("TEST_DATABASE_URL"):
        Base.metadata.drop_all(engine)
    create_schema(engine)
    yield engine
    engine.dispose()
