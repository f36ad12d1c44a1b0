"""The staff command line, run as `python -m bot ...` in a subprocess against a temporary database."""

import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.clinic.appointments import AppointmentDetails
from bot.clinic.patient_requests import request_appointment, request_callback
from bot.settings import PROJECT_ROOT

NY = ZoneInfo("America/New_York")
PHONE, OTHER_PHONE = "+12125550123", "+16175551234"


@pytest.fixture
def cli(settings):
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "TRACKER_STORE_URL": settings.tracker_store_url,
        "SCHEDULING_WEBHOOK_URL": "",
        "CLINIC_TIMEZONE": "America/New_York",
        "OPENING_HOURS": "mon-fri 09:00-17:00",
        "SLOT_MINUTES": "30",
        "PHONE_REGION": "US",
    }

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60
        )

    return run


@pytest.fixture
def two_requests(engine, settings, now):
    first = request_appointment(
        engine,
        AppointmentDetails(
            name="Ada Lovelace",
            phone="(212) 555-0123",
            start=datetime(2026, 3, 3, 10, 0, tzinfo=NY),
            reason="burning feet",
            new_patient=True,
            contact_consent=True,
            conversation_id="chat-a",
        ),
        settings,
        now,
    )
    second = request_appointment(
        engine,
        AppointmentDetails(name="Bob Smith", phone=OTHER_PHONE, start=datetime(2026, 3, 9, 9, 0, tzinfo=NY)),
        settings,
        now,
    )
    return first, second


def listed(cli, *args: str) -> list[dict]:
    result = cli("appointments", "list", "--json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_list_json_has_the_contract_fields_and_formats(cli, two_requests, now):
    first, second = two_requests

    records = listed(cli)

    assert [r["reference"] for r in records] == [first.reference, second.reference]
    for record in records:
        assert {"reference", "name", "phone", "start", "status", "reason", "created_at"} <= set(record)
        assert re.fullmatch(r"\+[1-9]\d{6,14}", record["phone"])
        assert datetime.fromisoformat(record["start"]).utcoffset() is not None
        assert datetime.fromisoformat(record["created_at"]) == now
    ada = records[0]
    assert (ada["name"], ada["phone"], ada["status"], ada["reason"]) == (
        "Ada Lovelace",
        PHONE,
        "proposed",
        "burning feet",
    )
    assert ada["start"] == "2026-03-03T10:00:00-05:00"
    assert records[1]["start"] == "2026-03-09T09:00:00-04:00"  # after the DST change
    assert records[1]["reason"] is None


def test_list_prints_a_table_by_default(cli, two_requests):
    result = cli("appointments", "list")

    assert result.returncode == 0
    assert "REFERENCE" in result.stdout and two_requests[0].reference in result.stdout
    assert "Tue 2026-03-03 10:00 EST" in result.stdout


def test_confirm_and_cancel_by_reference(cli, two_requests):
    first, second = two_requests

    assert cli("appointments", "confirm", first.reference.lower()).returncode == 0
    assert cli("appointments", "cancel", second.reference).returncode == 0

    assert [r["reference"] for r in listed(cli, "--status", "booked")] == [first.reference]
    assert [r["reference"] for r in listed(cli, "--status", "cancelled")] == [second.reference]
    assert listed(cli, "--status", "proposed") == []
    refused = cli("appointments", "confirm", second.reference)
    assert refused.returncode == 1 and "cancelled" in refused.stderr


def test_an_unknown_reference_exits_1(cli, two_requests):
    for command in ("confirm", "cancel"):
        result = cli("appointments", command, "ACDEFG")
        assert result.returncode == 1
        assert "No appointment with reference ACDEFG" in result.stderr


def test_callbacks_list(cli, engine, settings, now):
    made = request_callback(
        engine, "Ada Lovelace", "212 555 0123", "insurance question", "after 3 pm", "chat-a", settings, now
    )

    result = cli("callbacks", "list", "--json")

    assert result.returncode == 0, result.stderr
    [record] = json.loads(result.stdout)
    assert record["id"] == made.id
    assert (record["name"], record["phone"], record["status"]) == ("Ada Lovelace", PHONE, "open")
    assert (record["reason"], record["preferred_time"]) == ("insurance question", "after 3 pm")
    assert "Ada Lovelace" in cli("callbacks", "list").stdout
    assert cli("callbacks", "done", str(made.id)).returncode == 0
    assert json.loads(cli("callbacks", "list", "--json", "--status", "open").stdout) == []


def test_patient_purge(cli, engine, settings, now, two_requests):
    request_callback(engine, "Ada Lovelace", PHONE, None, None, "chat-b", settings, now)
    tracker = settings.tracker_store_url.removeprefix("sqlite:///")
    with sqlite3.connect(tracker) as connection:
        connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, timestamp FLOAT, data TEXT)")
        connection.executemany(
            "INSERT INTO events (sender_id, timestamp) VALUES (?, 0)", [("chat-a",), ("chat-b",), ("chat-other",)]
        )

    result = cli("patient", "purge", "--phone", "212-555-0123")

    assert result.returncode == 0, result.stderr
    assert "Removed 1 appointments, 1 call-back requests" in result.stdout
    assert [r["phone"] for r in listed(cli)] == [OTHER_PHONE]
    assert json.loads(cli("callbacks", "list", "--json").stdout) == []
    with sqlite3.connect(tracker) as connection:
        assert [row[0] for row in connection.execute("SELECT sender_id FROM events")] == ["chat-other"]


def test_purge_old_and_outbox_retry_without_a_webhook(cli, two_requests):
    result = cli("purge-old", "--days", "100000")
    assert result.returncode == 0 and "removed 0 appointments" in result.stdout
    assert len(listed(cli)) == 2

    retry = cli("outbox", "retry")
    assert retry.returncode == 1 and "SCHEDULING_WEBHOOK_URL" in retry.stderr
