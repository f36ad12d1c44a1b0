"""Two patients asking for the same slot at the same moment: the database lets exactly one in."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.clinic.appointments import AppointmentDetails, SlotTaken
from bot.clinic.database import Appointment, make_engine
from bot.clinic.patient_requests import request_appointment
from bot.clinic.staff import list_appointments

NY = ZoneInfo("America/New_York")
PHONES = ["+12125550123", "+16175551234"]


def race(engines, settings, now, start) -> list[object]:
    """Both threads wait at the barrier, then book `start`; returns what each got."""
    barrier = threading.Barrier(2)
    outcomes: list[object] = [None, None]

    def patient(index: int) -> None:
        details = AppointmentDetails(name=f"Patient {index}", phone=PHONES[index], start=start)
        barrier.wait()
        try:
            outcomes[index] = request_appointment(engines[index], details, settings, now)
        except Exception as error:  # recorded, then checked by the test
            outcomes[index] = error

    threads = [threading.Thread(target=patient, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.parametrize("engines_per_patient", [False, True], ids=["one-engine", "engine-each"])
def test_two_threads_booking_one_slot_exactly_one_wins(engine, settings, now, engines_per_patient):
    engines = [make_engine(settings.database_url) for _ in range(2)] if engines_per_patient else [engine, engine]
    starts = [
        datetime(2026, 3, 3, 9, 0, tzinfo=NY) + timedelta(days=day, minutes=30 * slot)
        for day in range(2)
        for slot in range(10)
    ]
    try:
        for start in starts:
            outcomes = race(engines, settings, now, start)

            winners = [o for o in outcomes if not isinstance(o, Exception)]
            losers = [o for o in outcomes if isinstance(o, Exception)]
            assert len(winners) == 1, outcomes
            assert len(losers) == 1 and isinstance(losers[0], SlotTaken), outcomes
    finally:
        for other in engines:
            if other is not engine:
                other.dispose()

    booked = list_appointments(engine, settings=settings)
    assert sorted(a.start for a in booked) == starts


def test_the_database_itself_refuses_a_second_live_appointment_at_one_start(engine, now):
    start = datetime(2026, 3, 3, 10, 0, tzinfo=NY)

    def row(reference: str, status: str) -> Appointment:
        return Appointment(
            reference=reference,
            name="x",
            phone=PHONES[0],
            start=start,
            end=start + timedelta(minutes=30),
            status=status,
            created_at=now,
            updated_at=now,
        )

    with Session(engine) as session, session.begin():
        session.add_all([row("AAAAAA", "cancelled"), row("CCCCCC", "cancelled"), row("DDDDDD", "proposed")])
    with pytest.raises(IntegrityError):
        with Session(engine) as session, session.begin():
            session.add(row("EEEEEE", "booked"))
