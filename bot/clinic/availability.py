"""Which slots are free: the opening hours (bot.clinic.opening_hours) less the live appointments."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.clinic.appointments import utc_now_or
from bot.clinic.database import CANCELLED, Appointment
from bot.clinic.opening_hours import check_start, last_bookable_day, slots_on
from bot.language.en.dates import FlexibleTime
from bot.settings import Settings


def _taken_starts(engine: Engine, since: datetime) -> set[datetime]:
    with Session(engine) as session, session.begin():
        starts = session.scalars(
            select(Appointment.start).where(Appointment.status != CANCELLED, Appointment.start >= since)
        )
        return set(starts)


def _free_slots_on(day: date, taken: set[datetime], settings: Settings, now: datetime) -> list[datetime]:
    return [s for s in slots_on(day, settings) if s not in taken and check_start(s, now, settings) is None]


def is_slot_taken(engine: Engine, start: datetime) -> bool:
    """True when a live (not cancelled) appointment starts at `start`."""
    with Session(engine) as session, session.begin():
        found = session.scalar(
            select(Appointment.id).where(Appointment.start == start, Appointment.status != CANCELLED)
        )
        return found is not None


def free_slots_near(
    engine: Engine, wanted: datetime, settings: Settings, count: int = 3, now: datetime | None = None
) -> list[datetime]:
    """Up to `count` free slots nearest to `wanted`, in time order.

    The wanted day comes first (nearest to the wanted time), then the following open days
    (nearest to the wanted time of day); never a slot in the past or beyond the horizon.
    """
    now = utc_now_or(now)
    wanted = wanted.astimezone(settings.timezone)
    wanted_minutes = wanted.hour * 60 + wanted.minute
    taken = _taken_starts(engine, since=now)
    found: list[datetime] = []
    day = max(wanted.date(), now.astimezone(settings.timezone).date())
    while day <= last_bookable_day(now, settings) and len(found) < count:
        free = _free_slots_on(day, taken, settings, now)
        if day == wanted.date():
            free.sort(key=lambda s: abs(s - wanted))
        else:
            free.sort(key=lambda s: abs(s.hour * 60 + s.minute - wanted_minutes))
        found.extend(free[: count - len(found)])
        day += timedelta(days=1)
    return sorted(found)


def first_free_slot(
    engine: Engine, day: date, window: tuple[time, time] | None, settings: Settings, now: datetime | None = None
) -> datetime | None:
    """The earliest free slot on `day` starting inside `window` (e.g. 09:00-12:00), if any."""
    now = utc_now_or(now)
    for start in _free_slots_on(day, _taken_starts(engine, since=now), settings, now):
        if window is None or window[0] <= start.time() < window[1]:
            return start
    return None


def free_slots_fitting(
    engine: Engine, wish: FlexibleTime, settings: Settings, count: int = 3, now: datetime | None = None
) -> list[datetime]:
    """The first free slot that fits `wish` on each of the next days that have one, up to
    `count` of them: "first available" gives the very first free slot and the first of the
    next two open days, "mornings" the first free morning slot of three days."""
    now = utc_now_or(now)
    today = now.astimezone(settings.timezone).date()
    last = last_bookable_day(now, settings)
    if wish.latest is not None:
        last = min(last, wish.latest)
    taken = _taken_starts(engine, since=now)
    found: list[datetime] = []
    day = max(wish.earliest, today)
    while day <= last and len(found) < count:
        fitting = [s for s in _free_slots_on(day, taken, settings, now) if wish.fits(day, s.time())]
        if fitting:
            found.append(fitting[0])
        day += timedelta(days=1)
    return found


def next_free_slots(engine: Engine, settings: Settings, count: int = 3, now: datetime | None = None) -> list[datetime]:
    """The first free slot of each of the next `count` days that have one."""
    today = utc_now_or(now).astimezone(settings.timezone).date()
    return free_slots_fitting(engine, FlexibleTime(today), settings, count, now)
