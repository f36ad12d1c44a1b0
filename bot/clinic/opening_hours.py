"""Appointment slots from the clinic's opening hours, in the clinic's timezone.

Slots are built from local wall-clock times with the clinic's ZoneInfo, so a DST change moves
the UTC instants and never the times patients see.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, time, timedelta

from bot.settings import Settings


class SlotProblem(enum.Enum):
    """Why a start time cannot be booked."""

    PAST = "past"
    CLOSED_DAY = "closed_day"
    OUTSIDE_HOURS = "outside_hours"
    NOT_ON_SLOT = "not_on_slot"
    TOO_FAR = "too_far"


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _local(day: date, minutes: int, settings: Settings) -> datetime | None:
    """The aware local time `minutes` after midnight, or None when DST skips that time."""
    wall = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=settings.timezone)
    if wall.astimezone(UTC).astimezone(settings.timezone).time() != wall.time():
        return None
    return wall


def slots_on(day: date, settings: Settings) -> list[datetime]:
    """Every slot start on `day` (aware, clinic timezone); empty on closed days."""
    hours = settings.opening_hours.get(day.weekday())
    if hours is None:
        return []
    opens, closes = (_minutes(t) for t in hours)
    starts = (_local(day, m, settings) for m in range(opens, closes - settings.slot_minutes + 1, settings.slot_minutes))
    return [start for start in starts if start is not None]


def slot_end(start: datetime, settings: Settings) -> datetime:
    """When the slot starting at `start` ends (clinic timezone)."""
    return start.astimezone(settings.timezone) + timedelta(minutes=settings.slot_minutes)


def last_bookable_day(now: datetime, settings: Settings) -> date:
    """The last day inside the booking horizon."""
    return now.astimezone(settings.timezone).date() + timedelta(days=settings.booking_horizon_days)


def check_start(start: datetime, now: datetime, settings: Settings) -> SlotProblem | None:
    """None when `start` is a bookable slot start, else the first problem found."""
    if start.tzinfo is None or now.tzinfo is None:
        raise ValueError("start and now must be timezone-aware")
    local = start.astimezone(settings.timezone)
    if start <= now:
        return SlotProblem.PAST
    if local.date() > last_bookable_day(now, settings):
        return SlotProblem.TOO_FAR
    hours = settings.opening_hours.get(local.weekday())
    if hours is None:
        return SlotProblem.CLOSED_DAY
    opens, closes = hours
    if local.time() < opens or (local + timedelta(minutes=settings.slot_minutes)).time() > closes:
        return SlotProblem.OUTSIDE_HOURS
    if local not in slots_on(local.date(), settings):
        return SlotProblem.NOT_ON_SLOT
    return None


def is_open_at(moment: datetime, settings: Settings) -> bool:
    local = moment.astimezone(settings.timezone)
    hours = settings.opening_hours.get(local.weekday())
    return hours is not None and hours[0] <= local.time() < hours[1]
