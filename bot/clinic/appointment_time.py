"""From the patient's words ("next Tuesday afternoon") to a free slot, or why not.

Combines reading the words (bot.language.en.dates), the clinic's hours (bot.clinic.opening_hours) and the diary
(bot.clinic.availability). When the wish cannot be met, the nearest free slots come back to offer.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time

from sqlalchemy.engine import Engine

from bot.clinic.availability import first_free_slot, free_slots_near, is_slot_taken
from bot.settings import Settings
from bot.clinic.opening_hours import SlotProblem, check_start, slots_on
from bot.language.en.dates import Problem, read_preferred_time

TAKEN = "taken"  # the exact time asked for is held by someone else
DAY_FULL = "day_full"  # nothing free in the part of the day asked for


@dataclass(frozen=True)
class TimeChoice:
    start: datetime | None  # a free, bookable slot; None when the wish cannot be met
    problem: str | None = None  # a bot.language.en.dates problem kind, a SlotProblem value, TAKEN or DAY_FULL
    alternatives: list[datetime] = field(default_factory=list)  # nearest free slots to offer instead


def choose_start(engine: Engine, text: str, settings: Settings, now: datetime) -> TimeChoice:
    now = now.astimezone(settings.timezone)
    wish = read_preferred_time(text, now)
    if isinstance(wish, Problem):
        return TimeChoice(None, wish.kind)

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
