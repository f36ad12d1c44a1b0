"""Deleting conversations from Rasa's SQL tracker store, for the staff CLI's purges.

Rasa keeps every event of every conversation in one table, `events`, with the conversation's
`sender_id` and a `timestamp` (seconds since the epoch). That is the only knowledge of Rasa's
schema outside Rasa; it was written for Rasa 3.6 (rasa_internals/ checks the version at start).
Plain SQLAlchemy, so the CLI does not have to load Rasa.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import bindparam, create_engine, inspect, text
from sqlalchemy.engine import Engine, make_url


def _tracker_engine(url: str) -> Engine | None:
    """An engine on the tracker store, or None when it holds no conversations at all."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        from pathlib import Path

        if parsed.database in (None, "", ":memory:") or not Path(parsed.database).exists():
            return None
    engine = create_engine(url, future=True)
    if not inspect(engine).has_table("events"):
        engine.dispose()
        return None
    return engine


def delete_conversations(url: str, sender_ids: Collection[str]) -> int:
    """Delete every event of these conversations; returns how many events went."""
    if not sender_ids:
        return 0
    engine = _tracker_engine(url)
    if engine is None:
        return 0
    try:
        statement = text("DELETE FROM events WHERE sender_id IN :ids").bindparams(bindparam("ids", expanding=True))
        with engine.begin() as connection:
            return connection.execute(statement, {"ids": sorted(sender_ids)}).rowcount
    finally:
        engine.dispose()


def delete_events_before(url: str, cutoff: datetime) -> int:
    """Delete every event older than `cutoff` (retention)."""
    engine = _tracker_engine(url)
    if engine is None:
        return 0
    try:
        with engine.begin() as connection:
            statement = text("DELETE FROM events WHERE timestamp < :cutoff")
            return connection.execute(statement, {"cutoff": cutoff.timestamp()}).rowcount
    finally:
        engine.dispose()
