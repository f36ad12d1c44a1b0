"""Database models and engine setup (SQLAlchemy 1.4 used in 2.0 style).

Every datetime is stored as naive UTC in a plain DateTime column and comes back as an aware
UTC datetime (see `UTCDateTime`); the same rule holds on SQLite and PostgreSQL, so unique
constraints and comparisons on `start` see one representation only.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    create_engine,
    event,
    text,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import declarative_base
from sqlalchemy.types import TypeDecorator

from bot.settings import get_settings

# Appointment statuses use FHIR R4 words.
PROPOSED, BOOKED, CANCELLED = "proposed", "booked", "cancelled"
APPOINTMENT_STATUSES = (PROPOSED, BOOKED, CANCELLED)
# Call-back request statuses.
OPEN, DONE = "open", "done"

SQLITE_BUSY_TIMEOUT_SECONDS = 30

# SQLAlchemy 1.4 ships no type information, so mypy cannot see that declarative_base() returns a
# class; Any lets the models subclass it.
Base: Any = declarative_base()


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: attach a timezone first")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Appointment(Base):
    """An appointment request; the rows with status `proposed` are the staff's queue."""

    __tablename__ = "appointments"

    id = Column(Integer, primary_key=True)
    reference = Column(String(16), nullable=False, unique=True)
    name = Column(String(200), nullable=False)
    phone = Column(String(32), nullable=False, index=True)  # E.164
    email = Column(String(254), nullable=True)
    start = Column(UTCDateTime, nullable=False)
    end = Column(UTCDateTime, nullable=False)
    status = Column(String(16), nullable=False, default=PROPOSED)
    reason = Column(Text, nullable=True)
    new_patient = Column(Boolean, nullable=True)
    contact_consent = Column(Boolean, nullable=False, default=False)
    conversation_id = Column(String(255), nullable=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = Column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (
        # Two live appointments can never share a start: the database refuses the second one,
        # also when two requests race. Cancelled rows do not hold their slot.
        Index(
            "uq_appointments_active_start",
            "start",
            unique=True,
            sqlite_where=text("status != 'cancelled'"),
            postgresql_where=text("status != 'cancelled'"),
        ),
    )


class CallbackRequest(Base):
    """A patient asked a person to call them back (human handoff)."""

    __tablename__ = "callback_requests"

    id = Column(Integer, primary_key=True)
    name = Column(String(200), nullable=False)
    phone = Column(String(32), nullable=False, index=True)  # E.164
    reason = Column(Text, nullable=True)
    preferred_time = Column(Text, nullable=True)
    conversation_id = Column(String(255), nullable=True)
    status = Column(String(16), nullable=False, default=OPEN)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)


class OutboxMessage(Base):
    """A message to the clinic's scheduling system, written in the booking transaction."""

    __tablename__ = "outbox_messages"

    id = Column(Integer, primary_key=True)
    idempotency_key = Column(String(36), nullable=False, unique=True, default=lambda: str(uuid.uuid4()))
    kind = Column(String(64), nullable=False)
    reference = Column(String(16), nullable=True, index=True)  # the appointment it is about
    payload = Column(Text, nullable=False)  # JSON text
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(UTCDateTime, nullable=False, default=utcnow)
    delivered_at = Column(UTCDateTime, nullable=True)
    last_error = Column(String(200), nullable=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)


class SafetyFlag(Base):
    """A crisis or a treatment injury the assistant met, for staff to follow up, marked urgent.

    Only the category, the channel and the conversation id: never the patient's words.
    """

    __tablename__ = "safety_flags"

    id = Column(Integer, primary_key=True)
    category = Column(String(16), nullable=False)  # bot.safety.crisis.CATEGORIES, or "general"
    channel = Column(String(16), nullable=False)  # "rest" (website) or "sms"
    conversation_id = Column(String(255), nullable=False, index=True)
    status = Column(String(16), nullable=False, default=OPEN)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)


class FailedIdentityCheck(Base):
    """One failed attempt to find an appointment (a code, phone, name or day that did not match).

    Recorded once for each thing the attempt was made with: the reference code, the phone number
    and the conversation, each as a one-way hash (bot/clinic/identity_checks.py), so that too
    many failures lock that code, number or conversation out for a while, on every server.
    """

    __tablename__ = "failed_identity_checks"

    id = Column(Integer, primary_key=True)
    key = Column(String(64), nullable=False, index=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)


class SmsOptOut(Base):
    """A phone number that texted STOP: nothing is sent to it until it texts START.

    Kept by `patient purge`: carriers require opt-outs to be honoured, so the number itself
    (and nothing else about the patient) stays until the patient opts back in.
    """

    __tablename__ = "sms_opt_outs"

    phone = Column(String(32), primary_key=True)  # E.164, as Twilio sends it in `From`
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets its folder, WAL, a busy timeout and immediate transactions."""
    if not _is_sqlite(url):
        return create_engine(url, future=True, pool_pre_ping=True)
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        future=True,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # Take the write lock up front: a transaction that reads and then writes can then never
        # fail with "database is locked"; concurrent writers wait for the busy timeout instead.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def create_schema(engine: Engine) -> None:
    """Create the tables and indexes that do not exist yet."""
    Base.metadata.create_all(engine)


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    """The process-wide engine, built from settings on first use, with its schema in place."""
    engine = make_engine(get_settings().database_url)
    create_schema(engine)
    return engine
