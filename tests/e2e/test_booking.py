"""Booking as a patient would over the REST channel, then the staff side, then cancelling."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.language.en.dates import MONTHS, WEEKDAYS
from tests.e2e.conftest import new_sender, texts

CLINIC_TZ = ZoneInfo("America/New_York")
REFERENCE = re.compile(r"reference code is ([A-Z0-9]{6})")


def a_weekday_ahead(days: int, hour: int = 10) -> datetime:
    """`hour` am on an open weekday at least `days` ahead, in the clinic's timezone."""
    day = datetime.now(CLINIC_TZ).date() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=CLINIC_TZ)


def in_words(moment: datetime) -> str:
    return f"{WEEKDAYS[moment.weekday()]} {MONTHS[moment.month - 1]} {moment.day} at {moment.hour}am"


def book(servers, sender: str, start: datetime) -> str:
    assert "full name" in texts(servers.say(sender, "I'd like to book an appointment"))
    assert "mobile number" in texts(servers.say(sender, "Mary Jones"))
    assert "day and time" in texts(servers.say(sender, "617-555-0199"))
    assert "what would you like the visit to be about" in texts(servers.say(sender, in_words(start))).lower()
    assert "been to the clinic before" in texts(servers.say(sender, "burning feet at night"))
    assert "contact you" in texts(servers.say(sender, "I'm a new patient"))
    assert "email" in texts(servers.say(sender, "yes"))
    summary = texts(servers.say(sender, "skip"))
    assert "Mary Jones" in summary and "(617) 555-0199" in summary
    done = texts(servers.say(sender, "yes"))
    assert "100 Example Street" in done and "(555) 010-0199" in done
    return REFERENCE.search(done).group(1)


def staff_queue(servers) -> list[dict]:
    listing = servers.staff("appointments", "list", "--json")
    assert listing.returncode == 0, listing.stderr
    return json.loads(listing.stdout)


def test_book_find_check_and_cancel(servers):
    sender = new_sender()
    start = a_weekday_ahead(10)
    reference = book(servers, sender, start)

    entry = next(a for a in staff_queue(servers) if a["reference"] == reference)
    assert entry["name"] == "Mary Jones" and entry["phone"] == "+16175550199"
    assert entry["status"] == "proposed" and entry["reason"] == "burning feet at night"
    assert datetime.fromisoformat(entry["start"]) == start

    # The same slot can no longer be had: the nearest free times are offered instead.
    other = new_sender()
    servers.say(other, "book an appointment please")
    servers.say(other, "John Smith")
    servers.say(other, "212-555-0100")
    taken = servers.say(other, in_words(start))
    assert "already taken" in texts(taken)
    assert any(reply.get("buttons") for reply in taken)

    # A wrong phone number reveals nothing.
    stranger = new_sender()
    servers.say(stranger, "when is my appointment?")
    servers.say(stranger, reference)
    assert "couldn't find" in texts(servers.say(stranger, "202-555-0143"))

    assert "requested" in texts(check(servers, new_sender(), reference))

    canceller = new_sender()
    servers.say(canceller, "I need to cancel my appointment")
    servers.say(canceller, reference)
    assert "cancel it" in texts(servers.say(canceller, "617 555 0199"))
    assert "cancelled" in texts(servers.say(canceller, "yes"))
    assert next(a for a in staff_queue(servers) if a["reference"] == reference)["status"] == "cancelled"


def check(servers, sender: str, reference: str) -> list[dict]:
    servers.say(sender, "is my appointment confirmed?")
    servers.say(sender, reference)
    return servers.say(sender, "6175550199")


def test_question_in_the_middle_of_booking_is_answered_then_booking_goes_on(servers):
    sender = new_sender()
    servers.say(sender, "can I make an appointment")
    answer = texts(servers.say(sender, "wait, does the treatment hurt?"))
    assert "needles" in answer.lower()
    assert "full name" in answer  # the form asks again
    assert "mobile number" in texts(servers.say(sender, "Dorothy Jenkins"))


def test_call_back_request_reaches_the_staff_queue(servers):
    sender = new_sender()
    assert "call you back" in texts(servers.say(sender, "I want to talk to a real person"))
    servers.say(sender, "Anne Lee")
    servers.say(sender, "202 555 0143")
    servers.say(sender, "questions about insurance")
    done = texts(servers.say(sender, "weekday mornings"))
    assert "call you back" in done
    callbacks = servers.staff("callbacks", "list", "--json")
    assert callbacks.returncode == 0, callbacks.stderr
    assert any(c["name"] == "Anne Lee" and c["phone"] == "+12025550143" for c in json.loads(callbacks.stdout))


def test_logs_hold_no_patient_data(servers):
    """Names, phone numbers and message text never reach the logs at INFO or above."""
    sender = new_sender()
    book(servers, sender, a_weekday_ahead(12, hour=11))
    log = servers.log_path.read_text()
    for secret in (
        "Mary Jones",
        "617-555-0199",
        "6175550199",
        "(617) 555-0199",
        "burning feet at night",
        "I'm a new patient",
    ):
        assert secret not in log, f"patient data in the server logs: {secret!r}"
