"""The outbox against a real local HTTP server that fails, is slow, and then recovers."""

import json
import logging
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clinic.appointments import AppointmentDetails
from bot.clinic.availability import free_slots_near
from bot.clinic.database import OutboxMessage, create_schema, make_engine
from bot.clinic.patient_requests import request_appointment
from bot.handoff.outbox import OutboxWorker, backoff, deliver_due

NY = ZoneInfo("America/New_York")
START = datetime(2026, 3, 3, 10, 0, tzinfo=NY)
NAME, PHONE = "Ada Lovelace", "+12125550123"


@dataclass
class Webhook:
    """What the fake scheduling system does and what it received."""

    url: str = ""
    failures: int = 0  # answer 503 to this many requests first
    slow: int = 0  # stall this many requests first
    stall_seconds: float = 2.0
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@pytest.fixture
def webhook():
    hook = Webhook()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with hook.lock:
                hook.received.append((dict(self.headers), body))
                count = len(hook.received)
            if count <= hook.slow:
                time.sleep(hook.stall_seconds)
            try:
                self.send_response(503 if count <= hook.failures else 201)
                self.send_header("Content-Length", "0")
                self.end_headers()
            except OSError:  # the client gave up waiting
                pass

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    hook.url = f"http://127.0.0.1:{server.server_address[1]}/fhir/Appointment"
    yield hook
    server.shutdown()
    server.server_close()


@pytest.fixture
def hooked(settings, webhook):
    return replace(settings, scheduling_webhook_url=webhook.url, scheduling_webhook_token="s3cret")


def book(engine, settings, now):
    return request_appointment(
        engine, AppointmentDetails(name=NAME, phone=PHONE, start=START, reason="numb feet"), settings, now
    )


def the_message(engine) -> OutboxMessage:
    with Session(engine) as session:
        [message] = session.scalars(select(OutboxMessage))
        return message


def test_backoff_doubles_and_is_capped():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [10, 20, 40, 80]
    assert backoff(30) == timedelta(hours=1)


def test_booking_never_waits_on_the_webhook(engine, hooked, webhook, now):
    book(engine, hooked, now)

    assert webhook.received == []  # queued only; the worker delivers later


def test_a_failing_webhook_is_retried_with_backoff_until_it_recovers(engine, hooked, webhook, now):
    webhook.failures = 2
    booked = book(engine, hooked, now)

    report = deliver_due(engine, hooked, now=now)
    assert (report.delivered, report.failed) == (0, 1)
    message = the_message(engine)
    assert (message.attempts, message.delivered_at, message.last_error) == (1, None, "HTTP 503")
    assert message.next_attempt_at == now + timedelta(seconds=10)

    assert deliver_due(engine, hooked, now=now + timedelta(seconds=9)).failed == 0  # not due yet
    assert len(webhook.received) == 1
    assert deliver_due(engine, hooked, now=now + timedelta(seconds=10)).failed == 1
    assert the_message(engine).next_attempt_at == now + timedelta(seconds=30)
    assert deliver_due(engine, hooked, now=now + timedelta(seconds=29)).delivered == 0
    assert deliver_due(engine, hooked, now=now + timedelta(seconds=30)).delivered == 1
    assert deliver_due(engine, hooked, now=now + timedelta(days=1)).delivered == 0  # exactly once

    message = the_message(engine)
    assert message.delivered_at == now + timedelta(seconds=30)
    assert (message.attempts, message.last_error) == (2, None)
    assert len(webhook.received) == 3
    keys = {headers["Idempotency-Key"] for headers, _ in webhook.received}
    assert keys == {message.idempotency_key}  # stable across retries
    headers, body = webhook.received[-1]
    assert headers["Content-Type"] == "application/fhir+json"
    assert headers["Authorization"] == "Bearer s3cret"
    resource = json.loads(body)
    assert resource["resourceType"] == "Appointment"
    assert resource["status"] == "proposed"
    assert resource["identifier"] == [{"system": "urn:clinic:appointment-reference", "value": booked.reference}]
    assert resource["requestedPeriod"] == [{"start": "2026-03-03T10:00:00-05:00", "end": "2026-03-03T10:30:00-05:00"}]
    assert resource["participant"][0]["actor"]["reference"] == "#patient"
    assert resource["contained"][0]["telecom"][0]["value"] == PHONE
    assert resource["reasonCode"] == [{"text": "numb feet"}]


def test_a_slow_webhook_counts_as_a_failure_and_is_retried_later(engine, hooked, webhook, now):
    webhook.slow = 1
    book(engine, hooked, now)

    report = deliver_due(engine, hooked, now=now, timeout=0.3)

    assert (report.delivered, report.failed) == (0, 1)
    message = the_message(engine)
    assert message.attempts == 1 and message.last_error == "ReadTimeout"
    assert NAME not in message.last_error and PHONE not in message.last_error

    assert deliver_due(engine, hooked, now=now + timedelta(seconds=10), timeout=0.3).delivered == 1
    assert the_message(engine).delivered_at is not None
    assert len({headers["Idempotency-Key"] for headers, _ in webhook.received}) == 1


def test_without_a_webhook_url_nothing_is_sent(engine, hooked, settings, webhook, now):
    book(engine, hooked, now)

    report = deliver_due(engine, settings, now=now)

    assert (report.delivered, report.failed) == (0, 0)
    assert webhook.received == []
    assert the_message(engine).attempts == 0


def wait_for(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_the_worker_delivers_when_woken_and_survives_errors(tmp_path, hooked, webhook, now, caplog):
    engine = make_engine(f"sqlite:///{tmp_path / 'late.db'}")  # no tables yet: every round fails
    worker = OutboxWorker(engine, hooked, interval=0.05)
    caplog.set_level(logging.DEBUG, logger="bot.handoff.outbox")
    worker.start()
    try:
        assert wait_for(lambda: "outbox delivery round failed" in caplog.text)
        create_schema(engine)
        worker.interval = 60.0
        real_now = datetime.now(NY)  # the worker runs on the real clock
        [start] = free_slots_near(engine, real_now + timedelta(days=1), hooked, count=1, now=real_now)
        request_appointment(engine, AppointmentDetails(name=NAME, phone=PHONE, start=start), hooked, real_now)
        worker.wake()
        assert wait_for(lambda: len(webhook.received) == 1)
        assert wait_for(lambda: the_message(engine).delivered_at is not None)
    finally:
        worker.stop()
        engine.dispose()
    assert NAME not in caplog.text and PHONE not in caplog.text
