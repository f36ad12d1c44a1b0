"""The cluster keeps conversations and bookings whichever server answers, and survives a database restart."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.clinic.database import Appointment
from tests.cluster.conftest import FOLDER
from tests.e2e.test_booking import CLINIC_TZ, REFERENCE, in_words
from tests.servers import new_sender, texts

NAME, PHONE, SHOWN_PHONE, REASON = "Mary Jones", "617-555-0199", "(617) 555-0199", "burning feet at night"


def morning_slots():
    """Whole hours the patients can name ("Monday December 7 at 10am"), each once, from 10 days on."""
    day = datetime.now(CLINIC_TZ).date() + timedelta(days=10)
    while True:
        if day.weekday() < 5:
            for hour in (9, 10, 11):
                yield datetime(day.year, day.month, day.day, hour, tzinfo=CLINIC_TZ)
        day += timedelta(days=1)


SLOTS = morning_slots()


def booking_steps(start) -> list[tuple[str, str]]:
    """What the patient says, and a piece of what the assistant must answer."""
    return [
        ("I'd like to book an appointment", "full name"),
        (NAME, "mobile number"),
        (PHONE, "day and time"),
        (in_words(start), "what would you like the visit to be about"),
        (REASON, "been to the clinic before"),
        ("I'm a new patient", "contact you"),
        ("yes", "email"),
        ("skip", SHOWN_PHONE),  # the summary, with what was given before
        ("yes", "reference code"),
    ]


def say_step(chat, sender: str, message: str, expected: str) -> str:
    reply = texts(chat.say(sender, message))
    assert expected.lower() in reply.lower(), f"after {message!r} the assistant said {reply!r}"
    return reply


def book(chats, sender: str, start) -> str:
    """Book `start`, the i-th message going to chats[i % len(chats)]; returns the reference code."""
    for index, (message, expected) in enumerate(booking_steps(start)):
        reply = say_step(chats[index % len(chats)], sender, message, expected)
    return REFERENCE.search(reply).group(1)


def staff_queue(chat) -> list[dict]:
    listing = chat.staff("appointments", "list", "--json")
    assert listing.returncode == 0, listing.stderr
    return json.loads(listing.stdout)


def references_in_postgres(cluster) -> set[str]:
    engine = create_engine(cluster.state.database_url, future=True)
    try:
        with engine.connect() as connection:
            return set(connection.scalars(text("SELECT reference FROM appointments")))
    finally:
        engine.dispose()


def lock_writes(cluster) -> int:
    """How many times Redis stored a value: Rasa's lock store writes the conversation's lock."""
    client = redis.Redis(host="127.0.0.1", port=cluster.state.redis_port)
    try:
        return client.info("commandstats").get("cmdstat_set", {}).get("calls", 0)
    finally:
        client.close()


def test_messages_alternating_between_the_two_rasa_servers_keep_the_conversation(cluster, each_rasa, via_nginx):
    writes_before = lock_writes(cluster)
    start = next(SLOTS)
    reference = book(each_rasa, new_sender(), start)
    assert lock_writes(cluster) - writes_before >= len(booking_steps(start))  # the shared lock, for each message
    entry = next(a for a in staff_queue(via_nginx) if a["reference"] == reference)
    assert entry["name"] == NAME and entry["phone"] == "+16175550199" and entry["reason"] == REASON


def test_a_booking_through_nginx_is_in_postgresql(cluster, via_nginx):
    reference = book([via_nginx], new_sender(), next(SLOTS))
    assert reference in references_in_postgres(cluster)
    entry = next(a for a in staff_queue(via_nginx) if a["reference"] == reference)
    assert entry["status"] == "proposed" and entry["name"] == NAME


def test_postgresql_restart_mid_conversation_loses_nothing(cluster, via_nginx):
    earlier = book([via_nginx], new_sender(), next(SLOTS))
    sender = new_sender()
    steps = booking_steps(next(SLOTS))
    for message, expected in steps[:3]:
        say_step(via_nginx, sender, message, expected)

    cluster.restart_postgres()

    for message, expected in steps[3:]:
        reply = say_step(via_nginx, sender, message, expected)
    later = REFERENCE.search(reply).group(1)
    assert {earlier, later} <= references_in_postgres(cluster)


def a_refused_insert_with_patient_data(cluster, start) -> None:
    """A second live appointment at a taken start: PostgreSQL refuses it, and logs the error."""
    engine = create_engine(cluster.state.database_url, future=True)
    row = Appointment(
        reference="LOGTST",
        name=NAME,
        phone="+16175550199",
        start=start,
        end=start + timedelta(minutes=30),
        status="proposed",
        reason=REASON,
    )
    try:
        with pytest.raises(IntegrityError), Session(engine) as session, session.begin():
            session.add(row)
    finally:
        engine.dispose()


def test_the_cluster_logs_hold_no_patient_data(cluster, via_nginx):
    start = next(SLOTS)
    book([via_nginx], new_sender(), start)
    a_refused_insert_with_patient_data(cluster, start)
    logs = [
        *FOLDER.glob("logs/*.log"),
        FOLDER / "nginx" / "error.log",
        FOLDER / "redis" / "redis.log",
        FOLDER / "postgresql" / "server.log",
    ]
    assert len(logs) >= 7
    for log in logs:
        content = Path(log).read_text(errors="replace")
        for secret in (NAME, PHONE, SHOWN_PHONE, "6175550199", REASON, "I'm a new patient"):
            assert secret not in content, f"patient data in {log.name}: {secret!r}"
