"""The answer to "which day and time would suit you?", shared by booking and moving a visit.

A free slot is taken at once; a wish that fits many slots ("first available", "mornings", "next
week sometime") gets the first free ones that fit as buttons; a slot that cannot be had gets
why, with the nearest free ones. What was offered is remembered, so "the second one" picks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, time

from bot.clinic.appointment_time import choose_for_wish
from bot.clinic.availability import is_slot_taken, next_free_slots
from bot.clinic.opening_hours import check_start
from bot.dialogue.turns import Clinic, Say
from bot.language.en.dates import MONTHS, FlexibleTime, PreferredTime, Problem, describe_slot, read_time_wish
from bot.language.en.details import read_choice, rejects_choices

# The sentence that ends a time problem ({choices} in the utter_time_* responses).
NEAREST_TIMES = "Here are the nearest free times. Would one of these suit you?"
ANOTHER_DAY = "Which other day and time would suit you?"


# "930" or "1030" said while times are on offer: 9:30, 10:30.
_COMPACT_CLOCK = re.compile(r"\b(1[0-2]|[1-9])([0-5]\d)\b")
# "tues 10am" names a weekday, not a date: the Tuesday on the button, even if it is today.
_NAMES_A_DATE = re.compile(
    rf"\b(?:{'|'.join(m[:3] for m in MONTHS)})\w*|\b\d{{1,2}}(?:st|nd|rd|th)\b|\d/\d|\bnext\b", re.I
)


@dataclass
class TimeAnswer:
    start: datetime | None = None
    say: Say | None = None
    offered: list[datetime] = field(default_factory=list)


def time_buttons(starts: list[datetime], now: datetime) -> tuple[dict[str, str], ...]:
    """Free times as buttons whose payload reads back as the same day and time."""
    return tuple({"title": describe_slot(s, now), "payload": describe_slot(s, now)} for s in starts)


def offers_say(response: str, starts: list[datetime], clinic: Clinic) -> Say:
    choices = NEAREST_TIMES if starts else ANOTHER_DAY
    return Say(response, {"choices": choices}, time_buttons(starts, clinic.now))


def is_free(clinic: Clinic, start: datetime) -> bool:
    return check_start(start, clinic.now, clinic.settings) is None and not is_slot_taken(clinic.engine, start)


def next_offers(clinic: Clinic) -> list[datetime]:
    return next_free_slots(clinic.engine, clinic.settings, now=clinic.now)


def the_offer_meant(text: str, offered: list[datetime], clinic: Clinic) -> datetime | None:
    """The one offered slot that fits what the patient said ("9:30", "ok 930 then", "the
    wednesday one"), or None when none or several fit, or the wish is open ("after 3",
    "mornings": the free times that fit are offered instead)."""
    wish = read_time_wish(_COMPACT_CLOCK.sub(r"\1:\2", text), clinic.now)
    if isinstance(wish, Problem) or (isinstance(wish, FlexibleTime) and not wish.names_a_clock_time):
        return None
    local = [start.astimezone(clinic.settings.timezone) for start in offered]
    fitting = [start for start, here in zip(offered, local) if wish.fits(here.date(), here.time())]
    if not fitting and isinstance(wish, PreferredTime) and not _NAMES_A_DATE.search(text):
        fitting = [
            start
            for start, here in zip(offered, local)
            if here.weekday() == wish.day.weekday() and replace(wish, day=here.date()).fits(here.date(), here.time())
        ]
    return fitting[0] if len(fitting) == 1 else None


def take_time(
    text: str, clinic: Clinic, offered: list[datetime], asked: bool, keep_time: time | None = None
) -> TimeAnswer:
    """What `text` asks for: a free slot (start), or a reply with the slots to offer instead.

    `asked`: the text answers the time question, so "the first one" picks from `offered` and a
    shrug ("any", "I don't know") gets the next free slots.
    """
    if (
        asked and offered and rejects_choices(text) and isinstance(read_time_wish(text, clinic.now), Problem)
    ):  # "none of those work" (and no other day named)
        return TimeAnswer(say=Say("utter_time_other_day"))
    if asked and offered:
        pick = read_choice(text, len(offered))
        meant = the_offer_meant(text, offered, clinic) if pick is None else None
        if meant is not None:
            pick = offered.index(meant)
        if pick is not None:
            start = offered[pick]
            if is_free(clinic, start):
                return TimeAnswer(start)
            others = [s for s in next_offers(clinic) if s != start]
            return TimeAnswer(say=offers_say("utter_time_taken", others, clinic), offered=others)
    choice = choose_for_wish(clinic.engine, text, clinic.settings, clinic.now, asked=asked, keep_time=keep_time)
    if choice.start is not None:
        return TimeAnswer(choice.start)
    return TimeAnswer(
        say=offers_say(f"utter_time_{choice.problem}", choice.alternatives, clinic), offered=list(choice.alternatives)
    )
