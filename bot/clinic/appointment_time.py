"""From the patient's words ("next Tuesday afternoon", "first available") to a free slot, to free
slots to offer, or to why not.

Combines reading the words (bot.language.en.dates), the clinic's hours (bot.clinic.opening_hours) and the diary
(bot.clinic.availability). When the wish cannot be met, the nearest free slots come back to offer;
when it names no single day ("mornings", "next week sometime"), the free slots that fit do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time

from sqlalchemy.engine import Engine

from bot.clinic.availability import first_free_slot, free_slots_fitting, free_slots_near, is_slot_taken, next_free_slots
from bot.clinic.opening_hours import SlotProblem, check_start, slots_on
from bot.language.en.dates import FlexibleTime, PreferredTime, Problem, read_preferred_time, read_time_wish
from bot.settings import Settings

TAKEN = "taken"  # the exact time asked for is held by someone else
DAY_FULL = "day_full"  # nothing free in the part of the day asked for
OFFER = "offer"  # the wish fits many slots: `alternatives` are the first free ones that fit
NONE_FIT = "none_fit"  # nothing free fits the wish: `alternatives` are the nearest free slots


@dataclass(frozen=True)
class TimeChoice:
    start: datetime | None  # a free, bookable slot; None when the wish cannot be met
    problem: str | None = None  # a dates problem kind, a SlotProblem value, TAKEN, DAY_FULL, OFFER or NONE_FIT
    alternatives: list[datetime] = field(default_factory=list)  # free slots to offer instead


def choose_start(engine: Engine, text: str, settings: Settings, now: datetime) -> TimeChoice:
    """One day's wish only (`read_preferred_time`): the slot, or the problem and nearest slots."""
    now = now.astimezone(settings.timezone)
    wish = read_preferred_time(text, now)
    if isinstance(wish, Problem):
        return TimeChoice(None, wish.kind)
    return _choose_on_day(engine, wish, settings, now)


def choose_for_wish(
    engine: Engine, text: str, settings: Settings, now: datetime, asked: bool = True, keep_time: time | None = None
) -> TimeChoice:
    """Any wish (`read_time_wish`): one day gives its slot (at `keep_time` when the patient only
    changes the day and that time is free); an open wish gives the free slots that fit."""
    now = now.astimezone(settings.timezone)
    wish = read_time_wish(text, now, asked=asked)
    if isinstance(wish, Problem):
        return TimeChoice(None, wish.kind, next_free_slots(engine, settings, now=now))
    if isinstance(wish, FlexibleTime):
        fitting = free_slots_fitting(engine, wish, settings, now=now)
        if fitting:
            return TimeChoice(None, OFFER, fitting)
        wanted = datetime.combine(wish.earliest, wish.window[0] if wish.window else time(9), tzinfo=settings.timezone)
        return TimeChoice(None, NONE_FIT, free_slots_near(engine, max(wanted, now), settings, now=now))
    if (
        keep_time is not None
        and wish.at is None
        and (wish.window is None or wish.window[0] <= keep_time < wish.window[1])
    ):
        same_time = datetime.combine(wish.day, keep_time, tzinfo=settings.timezone)
        if check_start(same_time, now, settings) is None and not is_slot_taken(engine, same_time):
            return TimeChoice(same_time)
    return _choose_on_day(engine, wish, settings, now)


def _choose_on_day(engine: Engine, wish: PreferredTime, settings: Settings, now: datetime) -> TimeChoice:
    exact = wish.start(settings.timezone)
    if exact is not None:
        problem = check_start(exact, now, settings)
        if problem is not None:
            return TimeChoice(None, problem.value, free_slots_near(engine, exact, settings, now=now))
        if is_slot_taken(engine, exact):
            return TimeChoice(None, TAKEN, free_slots_near(engine, exact, settings, now=now))
        return TimeChoice(exact)

    day_slots = slots_on(wish.day, settings)
    if wish.window:
        day_slots = [slot for slot in day_slots if wish.window[0] <= slot.time() < wish.window[1]]
    wanted_time = wish.window[0] if wish.window else time(hour=9)
    wanted = datetime.combine(wish.day, wanted_time, tzinfo=settings.timezone)
    if not day_slots:
        if wish.day < now.date():
            problem = SlotProblem.PAST
        elif wish.day.weekday() not in settings.opening_hours:
            problem = SlotProblem.CLOSED_DAY
        else:
            problem = SlotProblem.OUTSIDE_HOURS
        return TimeChoice(None, problem.value, free_slots_near(engine, wanted, settings, now=now))
    problem = check_start(day_slots[-1], now, settings)
    if problem is not None:
        return TimeChoice(None, problem.value, free_slots_near(engine, wanted, settings, now=now))
    start = first_free_slot(engine, wish.day, wish.window, settings, now=now)
    if start is None:
        return TimeChoice(None, DAY_FULL, free_slots_near(engine, wanted, settings, now=now))
    return TimeChoice(start)
