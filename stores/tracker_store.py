"""Rasa's SQL tracker store, with every pooled connection checked before it is used.
Written for Rasa 3.6.21: it replaces the `engine` and `sessionmaker` that SQLTrackerStore's
constructor builds.

When the database restarts (or a proxy drops idle connections), Rasa's own SQLTrackerStore
keeps the dead connections in its pool, and the next read of a conversation fails. Rasa then
treats the conversation as a new one (its FailSafeTrackerStore returns no tracker), so a
patient half-way through a booking silently starts over; and the error it logs quotes the
query's parameters, the sender id among them (an SMS patient's phone number). Here the engine
is rebuilt with `pool_pre_ping`, so a dead connection is replaced before use and the
conversation goes on where it was (tests/cluster/ restarts PostgreSQL mid-booking).
"""

from __future__ import annotations

import sqlalchemy as sa

from rasa_internals import require_version

require_version("rasa", "3.6.21", __name__)

from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs  # noqa: E402


class ReconnectingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)  # connects, waiting for the database, and creates the table
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
