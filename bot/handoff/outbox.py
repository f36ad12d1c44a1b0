"""Delivery of outbox messages to the scheduling webhook, with retries and backoff.

A message is claimed (its next attempt pushed past the request timeout) before it is sent, and
no database transaction is held while the HTTP request runs. A message may therefore reach the
webhook more than once (e.g. after a crash); the Idempotency-Key header lets the receiver
ignore repeats.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import requests
from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.clinic.database import OutboxMessage
from bot.settings import Settings

logger = logging.getLogger(__name__)

BASE_BACKOFF_SECONDS = 10
MAX_BACKOFF_SECONDS = 3600
BATCH_SIZE = 50


@dataclass(frozen=True)
class DeliveryReport:
    delivered: int
    failed: int


@dataclass(frozen=True)
class _Due:
    id: int
    idempotency_key: str
    payload: str


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: 10 s, 20 s, 40 s... up to 1 h."""
    return timedelta(seconds=min(BASE_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS))


def _claim_due(engine: Engine, now: datetime, lease: timedelta) -> list[_Due]:
    with Session(engine) as session, session.begin():
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.delivered_at.is_(None), OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(BATCH_SIZE)
            .with_for_update(skip_locked=True)  # PostgreSQL: workers never claim the same row
        ).all()
        for row in rows:
            row.next_attempt_at = now + lease
        return [_Due(row.id, row.idempotency_key, row.payload) for row in rows]


def _post(message: _Due, settings: Settings, timeout: float) -> str | None:
    """Send one message; None on success, else a short error without patient data."""
    headers = {"Content-Type": "application/fhir+json", "Idempotency-Key": message.idempotency_key}
    if settings.scheduling_webhook_token:
        headers["Authorization"] = f"Bearer {settings.scheduling_webhook_token}"
    try:
        response = requests.post(
            settings.scheduling_webhook_url, data=message.payload.encode("utf-8"), headers=headers, timeout=timeout
        )
    except requests.RequestException as error:
        return type(error).__name__
    if 200 <= response.status_code < 300:
        return None
    return f"HTTP {response.status_code}"


def _record(engine: Engine, message: _Due, error: str | None, now: datetime) -> None:
    with Session(engine) as session, session.begin():
        row = session.get(OutboxMessage, message.id)
        if row is None:  # purged while it was being sent
            return
        if error is None:
            row.delivered_at = now
            row.last_error = None
        else:
            row.attempts += 1
            row.next_attempt_at = now + backoff(row.attempts)
            row.last_error = error[:200]


def deliver_due(
    engine: Engine, settings: Settings, now: datetime | None = None, timeout: float = 5.0
) -> DeliveryReport:
    """POST every due, undelivered message to the webhook once; nothing happens without a URL."""
    if not settings.scheduling_webhook_url:
        return DeliveryReport(delivered=0, failed=0)
    now = now or datetime.now(UTC)
    delivered = failed = 0
    for message in _claim_due(engine, now, lease=timedelta(seconds=timeout + 60)):
        error = _post(message, settings, timeout)
        _record(engine, message, error, now)
        if error is None:
            delivered += 1
        else:
            failed += 1
            logger.warning("outbox message %s not delivered: %s", message.id, error)
    return DeliveryReport(delivered=delivered, failed=failed)


def retry_all_now(engine: Engine, now: datetime | None = None) -> int:
    """Make every undelivered message due at once; returns how many there are."""
    now = now or datetime.now(UTC)
    with Session(engine) as session, session.begin():
        result = session.execute(
            update(OutboxMessage).where(OutboxMessage.delivered_at.is_(None)).values(next_attempt_at=now)
        )
        return result.rowcount


class OutboxWorker:
    """A daemon thread that delivers due messages every `interval` seconds and on `wake()`."""

    def __init__(self, engine: Engine, settings: Settings, interval: float = 5.0, timeout: float = 5.0) -> None:
        self.engine = engine
        self.settings = settings
        self.interval = interval
        self.timeout = timeout
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="outbox-worker", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Deliver now instead of at the next tick (e.g. right after a booking)."""
        self._wake.set()

    def stop(self, timeout: float | None = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()  # before delivering, so a wake() during the round is not lost
            try:
                deliver_due(self.engine, self.settings, timeout=self.timeout)
            except Exception as error:  # the worker must outlive any single failure
                # Only the type: database errors can carry row values, i.e. patient data.
                logger.error("outbox delivery round failed: %s", type(error).__name__)
            self._wake.wait(self.interval)
