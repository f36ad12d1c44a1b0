import json
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clinic.appointments import (
    AppointmentDetails,
    InvalidPhone,
    NotChangeable,
    SlotTaken,
    SlotUnavailable,
    UnknownReference,
)
from bot.clinic.availability import first_free_slot, free_slots_near, is_slot_taken
from bot.clinic.database import OutboxMessage
from bot.clinic.opening_hours import SlotProblem
from bot.clinic.patient_requests import (
    cancel_appointment,
    find_appointment,
    request_appointment,
    request_callback,
    reschedule_appointment,
)
from bot.clinic.privacy import purge_older_than, purge_patient, retention_cutoff
from bot.clinic.staff import close_callback, confirm, list_appointments, list_callbacks, staff_cancel
from bot.messaging.conversation_ids import sms_conversation_id
from stores.conversations import delete_conversations, delete_events_before

NY = ZoneInfo("America/New_York")
PHONE = "+12125550123"
OTHER_PHONE = "+16175551234"


def ny(*args: int) -> datetime:
    return datetime(*args, tzinfo=NY)


def book(engine, settings, now, start, phone=PHONE, name="Ada Lovelace", conversation_id=None):
    details = AppointmentDetails(
        name=name,
        phone=phone,
        start=start,
        reason="numb feet",
        new_patient=True,
        contact_consent=True,
        conversation_id=conversation_id,
    )
    return request_appointment(engine, details, settings, now)


def outbox_rows(engine) -> list[OutboxMessage]:
    with Session(engine) as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


# --- Booking ------------------------------------------------------------------------------


def test_a_request_is_stored_as_proposed(engine, settings, now):
    booked = book(engine, settings, now, ny(2026, 3, 3, 10, 0), phone="(212) 555-0123")

    assert booked.status == "proposed"
    assert booked.start == ny(2026, 3, 3, 10, 0) and booked.end == ny(2026, 3, 3, 10, 30)
    [view] = list_appointments(engine, settings=settings)
    assert view.reference == booked.reference
    assert view.phone == PHONE  # stored as E.164
    assert view.status == "proposed"
    assert view.start == ny(2026, 3, 3, 10, 0) and view.start.tzinfo is NY
    assert view.created_at == now
    assert (view.reason, view.new_patient, view.contact_consent) == ("numb feet", True, True)


def test_a_taken_slot_cannot_be_booked_again(engine, settings, now):
    book(engine, settings, now, ny(2026, 3, 3, 10, 0))

    with pytest.raises(SlotTaken):
        book(engine, settings, now, ny(2026, 3, 3, 10, 0), phone=OTHER_PHONE)
    # The same instant written in UTC is the same slot.
    with pytest.raises(SlotTaken):
        book(engine, settings, now, datetime(2026, 3, 3, 15, 0, tzinfo=UTC), phone=OTHER_PHONE)
    assert len(list_appointments(engine, settings=settings)) == 1


def test_unbookable_times_and_bad_phones_are_refused(engine, settings, now):
    with pytest.raises(SlotUnavailable) as refused:
        book(engine, settings, now, ny(2026, 3, 7, 10, 0))
    assert refused.value.problem is SlotProblem.CLOSED_DAY
    with pytest.raises(SlotUnavailable) as refused:
        book(engine, settings, now, ny(2026, 3, 2, 9, 0))
    assert refused.value.problem is SlotProblem.PAST
    with pytest.raises(InvalidPhone):
        book(engine, settings, now, ny(2026, 3, 3, 10, 0), phone="12")
    assert list_appointments(engine, settings=settings) == []


def test_a_cancelled_slot_is_free_again(engine, settings, now):
    first = book(engine, settings, now, ny(2026, 3, 3, 10, 0))

    assert is_slot_taken(engine, ny(2026, 3, 3, 10, 0))
    assert cancel_appointment(engine, first.reference, PHONE, settings, now).status == "cancelled"
    assert not is_slot_taken(engine, ny(2026, 3, 3, 10, 0))
    assert ny(2026, 3, 3, 10, 0) in free_slots_near(engine, ny(2026, 3, 3, 10, 0), settings, now=now)
    second = book(engine, settings, now, ny(2026, 3, 3, 10, 0), phone=OTHER_PHONE)

    assert second.reference != first.reference
    assert [a.status for a in list_appointments(engine, settings=settings)] == ["cancelled", "proposed"]


def test_staff_confirm_and_cancel(engine, settings, now):
    booked = book(engine, settings, now, ny(2026, 3, 3, 10, 0))

    assert confirm(engine, booked.reference.lower(), settings, now).status == "booked"
    assert list_appointments(engine, status="booked", settings=settings)[0].reference == booked.reference
    assert staff_cancel(engine, booked.reference, settings, now).status == "cancelled"
    with pytest.raises(NotChangeable):
        confirm(engine, booked.reference, settings, now)
    with pytest.raises(UnknownReference):
        confirm(engine, "ACDEFG", settings, now)
    book(engine, settings, now, ny(2026, 3, 3, 10, 0), phone=OTHER_PHONE)  # free again


# --- Reference and phone checks -----------------------------------------------------------


def test_find_needs_both_reference_and_phone(engine, settings, now):
    booked = book(engine, settings, now, ny(2026, 3, 3, 10, 0))
    other = book(engine, settings, now, ny(2026, 3, 3, 11, 0), phone=OTHER_PHONE)

    found = find_appointment(engine, booked.reference, "212-555-0123", settings)
    assert found is not None and found.reference == booked.reference
    assert find_appointment(engine, f" {booked.reference.lower()[:3]}-{booked.reference[3:]} ", PHONE, settings)
    # Wrong phone, someone else's reference, unknown or malformed reference: all the same None.
    assert find_appointment(engine, booked.reference, OTHER_PHONE, settings) is None
    assert find_appointment(engine, other.reference, PHONE, settings) is None
    assert find_appointment(engine, "ACDEFG", PHONE, settings) is None
    assert find_appointment(engine, "hello", PHONE, settings) is None
    assert find_appointment(engine, booked.reference, "not a phone", settings) is None


def test_cancel_needs_both_reference_and_phone(engine, settings, now):
    booked = book(engine, settings, now, ny(2026, 3, 3, 10, 0))

    assert cancel_appointment(engine, booked.reference, OTHER_PHONE, settings, now) is None
    assert cancel_appointment(engine, "ACDEFG", PHONE, settings, now) is None
    assert list_appointments(engine, settings=settings)[0].status == "proposed"
    assert cancel_appointment(engine, booked.reference, PHONE, settings, now).status == "cancelled"


def test_reschedule_needs_both_reference_and_phone(engine, settings, now):
    booked = book(engine, settings, now, ny(2026, 3, 3, 10, 0))

    assert reschedule_appointment(engine, booked.reference, OTHER_PHONE, ny(2026, 3, 4, 10, 0), settings, now) is None
    assert reschedule_appointment(engine, "ACDEFG", PHONE, ny(2026, 3, 4, 10, 0), settings, now) is None
    assert list_appointments(engine, settings=settings)[0].start == ny(2026, 3, 3, 10, 0)


def test_reschedule_moves_the_request_and_frees_the_old_slot(engine, settings, now):
    booked = book(engine, settings, now, ny(2026, 3, 3, 10, 0))
    confirm(engine, booked.reference, settings, now)
    later = now + timedelta(minutes=5)

    moved = reschedule_appointment(engine, booked.reference, PHONE, ny(2026, 3, 9, 9, 0), settings, later)

    assert moved.reference == booked.reference
    assert moved.start == ny(2026, 3, 9, 9, 0) and moved.end == ny(2026, 3, 9, 9, 30)
    assert moved.status == "proposed"  # staff must confirm the new time
    assert moved.updated_at == later
    book(engine, settings, now, ny(2026, 3, 3, 10, 0), phone=OTHER_PHONE)  # the old slot is free


def test_reschedule_onto_a_taken_slot_keeps_the_old_one(engine, settings, now):
    mine = book(engine, settings, now, ny(2026, 3, 3, 10, 0))
    book(engine, settings, now, ny(2026, 3, 3, 11, 0), phone=OTHER_PHONE)

    with pytest.raises(SlotTaken):
        reschedule_appointment(engine, mine.reference, PHONE, ny(2026, 3, 3, 11, 0), settings, now)
    with pytest.raises(SlotUnavailable):
        reschedule_appointment(engine, mine.reference, PHONE, ny(2026, 3, 3, 11, 10), settings, now)

    assert find_appointment(engine, mine.reference, PHONE, settings).start == ny(2026, 3, 3, 10, 0)


def test_a_cancelled_appointment_cannot_be_rescheduled(engine, settings, now):
    booked = book(engine, settings, now, ny(2026, 3, 3, 10, 0))
    cancel_appointment(engine, booked.reference, PHONE, settings, now)

    with pytest.raises(NotChangeable):
        reschedule_appointment(engine, booked.reference, PHONE, ny(2026, 3, 4, 10, 0), settings, now)


# --- Availability -------------------------------------------------------------------------


def test_nearest_free_slots_on_the_wanted_day(engine, settings, now):
    book(engine, settings, now, ny(2026, 3, 3, 16, 30))
    book(engine, settings, now, ny(2026, 3, 3, 16, 0), phone=OTHER_PHONE)

    slots = free_slots_near(engine, ny(2026, 3, 3, 16, 30), settings, now=now)

    assert slots == [ny(2026, 3, 3, 14, 30), ny(2026, 3, 3, 15, 0), ny(2026, 3, 3, 15, 30)]


def test_nearest_free_slots_move_to_the_next_open_day(engine, settings, now):
    for start in [ny(2026, 3, 6, 9, 0) + timedelta(minutes=30 * i) for i in range(16)]:
        book(engine, settings, now, start)  # Friday is full

    slots = free_slots_near(engine, ny(2026, 3, 6, 16, 30), settings, now=now)

    # Not the weekend; Monday after the DST change, nearest to the wanted time of day.
    assert slots == [ny(2026, 3, 9, 15, 30), ny(2026, 3, 9, 16, 0), ny(2026, 3, 9, 16, 30)]


def test_nearest_free_slots_are_never_in_the_past(engine, settings, now):
    assert free_slots_near(engine, ny(2026, 3, 2, 9, 0), settings, now=now) == [
        ny(2026, 3, 2, 10, 30),
        ny(2026, 3, 2, 11, 0),
        ny(2026, 3, 2, 11, 30),
    ]
    assert free_slots_near(engine, ny(2026, 2, 20, 9, 0), settings, count=1, now=now) == [ny(2026, 3, 2, 10, 30)]


def test_first_free_slot_in_a_window(engine, settings, now):
    book(engine, settings, now, ny(2026, 3, 3, 9, 0))
    morning, afternoon = (time(9), time(12)), (time(12), time(17))

    assert first_free_slot(engine, date(2026, 3, 3), morning, settings, now) == ny(2026, 3, 3, 9, 30)
    assert first_free_slot(engine, date(2026, 3, 3), afternoon, settings, now) == ny(2026, 3, 3, 12, 0)
    assert first_free_slot(engine, date(2026, 3, 3), None, settings, now) == ny(2026, 3, 3, 9, 30)
    assert first_free_slot(engine, date(2026, 3, 7), morning, settings, now) is None  # Saturday
    assert first_free_slot(engine, date(2026, 3, 2), morning, settings, now) == ny(2026, 3, 2, 10, 30)


# --- Handoff ------------------------------------------------------------------------------


def test_without_a_webhook_only_the_staff_queue_gets_the_request(engine, settings, now):
    book(engine, settings, now, ny(2026, 3, 3, 10, 0))

    assert outbox_rows(engine) == []


def test_with_a_webhook_the_request_and_its_outbox_message_are_stored_together(engine, settings, now):
    settings = replace(settings, scheduling_webhook_url="http://127.0.0.1:9/fhir/Appointment")
    booked = book(engine, settings, now, ny(2026, 3, 3, 10, 0))
    cancel_appointment(engine, booked.reference, PHONE, settings, now)

    first, second = outbox_rows(engine)
    assert first.reference == second.reference == booked.reference
    assert first.idempotency_key != second.idempotency_key
    assert (first.attempts, first.delivered_at) == (0, None)
    assert json.loads(first.payload)["status"] == "proposed"
    assert json.loads(second.payload)["status"] == "cancelled"


# --- Call-backs ---------------------------------------------------------------------------


def test_call_back_requests_are_queued_for_staff(engine, settings, now):
    made = request_callback(
        engine, "Ada", "212 555 0123", "question about insurance", "after 3 pm", "chat-1", settings, now
    )

    [listed] = list_callbacks(engine, settings=settings)
    assert listed == made
    assert (listed.phone, listed.status, listed.preferred_time) == (PHONE, "open", "after 3 pm")
    assert close_callback(engine, made.id, settings).status == "done"
    assert list_callbacks(engine, status="open", settings=settings) == []
    with pytest.raises(InvalidPhone):
        request_callback(engine, "Ada", "nope", None, None, None, settings, now)


# --- Privacy ------------------------------------------------------------------------------


def make_tracker_store(url: str, events: list[tuple[str, float]]) -> str:
    """A small `events` table shaped like Rasa's SQL tracker store."""
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
            "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name TEXT, action_name TEXT, data TEXT)"
        )
        connection.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, '{}')", events
        )
    return path


def tracker_senders(path: str) -> list[str]:
    with sqlite3.connect(path) as connection:
        return sorted(row[0] for row in connection.execute("SELECT sender_id FROM events"))


def test_purge_patient_removes_everything_about_that_phone(engine, settings, now):
    settings = replace(settings, scheduling_webhook_url="http://127.0.0.1:9/fhir/Appointment")
    book(engine, settings, now, ny(2026, 3, 3, 10, 0), conversation_id="chat-a1")
    book(engine, settings, now, ny(2026, 3, 4, 10, 0), conversation_id="chat-a1")
    kept = book(engine, settings, now, ny(2026, 3, 5, 10, 0), phone=OTHER_PHONE, conversation_id="chat-b")
    request_callback(engine, "Ada", PHONE, "call me", "mornings", "chat-a2", settings, now)
    request_callback(engine, "Bob", OTHER_PHONE, "call me", None, "chat-b", settings, now)
    t = now.timestamp()
    tracker = make_tracker_store(
        settings.tracker_store_url,
        [("chat-a1", t), ("chat-a1", t), ("chat-a2", t), (sms_conversation_id(PHONE), t), (PHONE, t), ("chat-b", t)],
    )

    purged = purge_patient(engine, "(212) 555-0123", settings)
    events = delete_conversations(settings.tracker_store_url, purged.conversation_ids)

    assert (purged.appointments, purged.callbacks, purged.outbox_messages, events) == (2, 1, 2, 4)
    assert [a.reference for a in list_appointments(engine, settings=settings)] == [kept.reference]
    assert [c.phone for c in list_callbacks(engine, settings=settings)] == [OTHER_PHONE]
    assert [row.reference for row in outbox_rows(engine)] == [kept.reference]
    assert tracker_senders(tracker) == [PHONE, "chat-b"]  # a bare number is no SMS conversation id


def test_purge_patient_without_a_tracker_store(engine, settings, now):
    book(engine, settings, now, ny(2026, 3, 3, 10, 0))

    purged = purge_patient(engine, PHONE, settings)
    events = delete_conversations(settings.tracker_store_url, purged.conversation_ids)

    assert (purged.appointments, events) == (1, 0)
    assert not Path(settings.tracker_store_url.removeprefix("sqlite:///")).exists()  # not created


def test_retention_purge_removes_only_old_data(engine, settings, now):
    settings = replace(settings, scheduling_webhook_url="http://127.0.0.1:9/fhir/Appointment")
    book(engine, settings, now, ny(2026, 3, 3, 10, 0))
    request_callback(engine, "Ada", PHONE, None, None, "chat-a", settings, now)
    a_year_later = ny(2027, 4, 5, 10, 0)  # a Monday, 399 days on
    recent = book(engine, settings, a_year_later, ny(2027, 4, 6, 11, 0))
    tracker = make_tracker_store(
        settings.tracker_store_url, [("chat-a", now.timestamp()), ("chat-c", a_year_later.timestamp())]
    )

    cutoff = retention_cutoff(365, a_year_later)
    purged = purge_older_than(engine, cutoff)
    events = delete_events_before(settings.tracker_store_url, cutoff)

    assert (purged.appointments, purged.callbacks, purged.outbox_messages, events) == (1, 1, 1, 1)
    assert [a.reference for a in list_appointments(engine, settings=settings)] == [recent.reference]
    assert list_callbacks(engine, settings=settings) == []
    assert tracker_senders(tracker) == ["chat-c"]
