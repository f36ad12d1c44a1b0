"""Finding an appointment takes two matching details, and guessing is refused after a few misses
(bot/clinic/identity_checks.py); a phone number or a conversation holds only so many open
requests (bot/clinic/patient_requests.py). Counts are in the database, so every server of a
cluster shares them."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clinic.appointments import AppointmentDetails, TooManyOpenRequests
from bot.clinic.database import FailedIdentityCheck
from bot.clinic.identity_checks import FOUND, LOCKED, NOT_FOUND, check_identity
from bot.clinic.patient_requests import cancel_appointment, open_requests, request_appointment

PHONE = "+16175550199"


def book(engine, settings, now, hours_ahead=24, phone=PHONE, name="Ada Lovelace", conversation_id="web-1"):
    start = (now + timedelta(hours=hours_ahead)).replace(minute=0)
    while start.weekday() >= 5 or not 9 <= start.hour < 17:
        start = (start + timedelta(hours=1)).replace(minute=0)
    return request_appointment(
        engine,
        AppointmentDetails(name, phone, start, conversation_id=conversation_id),
        replace(settings, max_open_requests=100),
        now,
    )


def test_the_code_and_the_phone_find_it(engine, settings, now):
    booked = book(engine, settings, now)
    found = check_identity(engine, settings, "web-2", "617-555-0199", reference=booked.reference.lower(), now=now)
    assert found.outcome == FOUND and found.appointment.reference == booked.reference


def test_without_the_code_the_phone_and_the_full_name_find_it(engine, settings, now):
    booked = book(engine, settings, now)
    found = check_identity(engine, settings, "web-2", PHONE, name="ada  LOVELACE", now=now)
    assert found.outcome == FOUND and found.appointment.reference == booked.reference


@pytest.mark.parametrize(
    "details",
    [
        {"reference": "QQQQQ7"},
        {"name": "Ada Byron"},
        {"name": "Lovelace"},
        {},
    ],
)
def test_one_detail_alone_or_a_wrong_one_finds_nothing(engine, settings, now, details):
    book(engine, settings, now)
    assert check_identity(engine, settings, "web-2", PHONE, now=now, **details).outcome == NOT_FOUND


def test_the_right_code_with_another_phone_finds_nothing(engine, settings, now):
    booked = book(engine, settings, now)
    assert (
        check_identity(engine, settings, "web-2", "+12025550143", reference=booked.reference, now=now).outcome
        == NOT_FOUND
    )


def test_a_cancelled_visit_is_found_only_to_check_it(engine, settings, now):
    booked = book(engine, settings, now)
    cancel_appointment(engine, booked.reference, PHONE, settings, now)
    assert check_identity(engine, settings, "w", PHONE, reference=booked.reference, now=now).outcome == NOT_FOUND
    assert (
        check_identity(
            engine, settings, "w", PHONE, reference=booked.reference, include_cancelled=True, now=now
        ).outcome
        == FOUND
    )


@pytest.mark.parametrize("counted_by", ["reference", "phone", "conversation"])
def test_guessing_is_refused_after_a_few_misses_even_with_the_right_details(engine, settings, now, counted_by):
    booked = book(engine, settings, now)
    limit = settings.identity_check_max_failures
    for attempt in range(limit):
        guess = {
            "reference": dict(
                conversation_id=f"web-{attempt}", phone=f"+1202555014{attempt}", reference=booked.reference
            ),
            "phone": dict(conversation_id=f"web-{attempt}", phone=PHONE, reference=f"QQQQQ{attempt + 3}"),
            "conversation": dict(
                conversation_id="attacker", phone=f"+1202555014{attempt}", reference=f"QQQQQ{attempt + 3}"
            ),
        }[counted_by]
        outcome = check_identity(
            engine, settings, guess["conversation_id"], guess["phone"], reference=guess["reference"], now=now
        ).outcome
        assert outcome == (LOCKED if attempt == limit - 1 else NOT_FOUND)
    conversation = "attacker" if counted_by == "conversation" else "web-new"
    right = check_identity(engine, settings, conversation, PHONE, reference=booked.reference, now=now)
    assert right.outcome == LOCKED
    # ...for a while only.
    later = now + timedelta(minutes=settings.identity_check_lockout_minutes + 1)
    assert check_identity(engine, settings, conversation, PHONE, reference=booked.reference, now=later).outcome == FOUND


def test_the_counts_hold_no_codes_or_numbers(engine, settings, now):
    booked = book(engine, settings, now)
    check_identity(engine, settings, "web-2", "+12025550143", reference=booked.reference, now=now)
    with Session(engine) as session:
        keys = session.scalars(select(FailedIdentityCheck.key)).all()
    assert len(keys) == 3 and not any(booked.reference in k or "2025550143" in k or "web-2" in k for k in keys)


def test_old_misses_are_removed(engine, settings, now):
    check_identity(engine, settings, "web-2", PHONE, reference="QQQQQ7", now=now)
    check_identity(
        engine,
        settings,
        "web-3",
        "+12025550143",
        reference="QQQQQ9",
        now=now + timedelta(minutes=settings.identity_check_lockout_minutes + 1),
    )
    with Session(engine) as session:
        assert len(session.scalars(select(FailedIdentityCheck.id)).all()) == 3


def test_a_phone_holds_only_so_many_open_requests(engine, settings, now):
    capped = replace(settings, max_open_requests=2)
    for hours in (24, 48):
        request_appointment(engine, AppointmentDetails("Ada Lovelace", PHONE, book_start(now, hours)), capped, now)
    assert open_requests(engine, capped, now, phone="617-555-0199") == 2
    with pytest.raises(TooManyOpenRequests):
        request_appointment(engine, AppointmentDetails("Ada Lovelace", PHONE, book_start(now, 72)), capped, now)


def test_a_conversation_holds_only_so_many_open_requests(engine, settings, now):
    capped = replace(settings, max_open_requests=2)
    for hours, phone in ((24, "+12025550141"), (48, "+12025550142")):
        request_appointment(
            engine, AppointmentDetails("A B", phone, book_start(now, hours), conversation_id="web-9"), capped, now
        )
    with pytest.raises(TooManyOpenRequests):
        request_appointment(
            engine, AppointmentDetails("A B", "+12025550143", book_start(now, 72), conversation_id="web-9"), capped, now
        )


def test_cancelled_and_past_requests_do_not_count(engine, settings, now):
    capped = replace(settings, max_open_requests=1)
    booked = request_appointment(engine, AppointmentDetails("Ada Lovelace", PHONE, book_start(now, 24)), capped, now)
    cancel_appointment(engine, booked.reference, PHONE, capped, now)
    request_appointment(engine, AppointmentDetails("Ada Lovelace", PHONE, book_start(now, 48)), capped, now)
    assert open_requests(engine, capped, now + timedelta(days=30), phone=PHONE) == 0


def book_start(now: datetime, hours: int) -> datetime:
    start = (now + timedelta(hours=hours)).replace(minute=0)
    while start.weekday() >= 5 or not 9 <= start.hour < 17:
        start = (start + timedelta(hours=1)).replace(minute=0)
    return start
