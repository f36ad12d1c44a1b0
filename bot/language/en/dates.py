"""Read the day and time a patient would like, in their own words.

    read_preferred_time("next Tuesday afternoon", now) -> PreferredTime(day, at, window)
                                                        or Problem(kind)

Plain Python, no Rasa. The module never reads the clock: `now` must be timezone-aware and
already in the clinic's timezone (`datetime.now(settings.timezone)`); "today" is
`now.date()` and every result is a wall-clock day and time in `now.tzinfo`. Turn a result
into an aware datetime with `PreferredTime.start(tz)`, i.e. `datetime.combine(day, at,
tzinfo=tz)`, which lets ZoneInfo pick the right UTC offset across DST changes.

Rules (weeks start on Monday):
- "tuesday" and "next tuesday": the first Tuesday after today (today never counts);
  "this tuesday": today if today is a Tuesday, else the coming one; "tuesday next week" /
  "next week tuesday": the Tuesday of next week; "tuesday after next": a week after
  "tuesday"; "last tuesday": the one before today (so: past).
- "next week": the Monday of next week. "in 3 days", "in two weeks", "2 weeks from now".
- "december 5", "dec 5th", "5 december", "12/5" (US order): this year unless that day has
  passed, else next year. "the 3rd": this month unless that day has passed, else next month
  (today is not past; a day the chosen month lacks, like "the 31st" in April, is impossible).
- Hours without am/pm, with or without "at": 1-6 are pm, 7-11 am, 12 is noon, 13-23 are
  24-hour clock; "2 in the afternoon" / "10 in the morning" settle am or pm instead.
- Parts of day give a window: morning 9-12, afternoon 12-17, evening 17-20 (plus early/late
  variants and lunchtime). An exact time wins over a window. Naming two parts ("morning or
  afternoon") gives no window.
- "after 3", "from 2 pm", "before 11", "before noon", "after lunch" give a window; a part of
  day the patient rules out ("he can't do mornings", "not afternoons") narrows the window to
  the rest of the day.
- Saturdays and Sundays are returned like any day: the caller knows the opening hours.

`read_time_wish` reads the same words, and also the wishes that name no single day, as a
FlexibleTime: "first available", "asap", "any day", "whatever works", "this week", "next week
sometime", "in two weeks on a morning", "mornings", "after 3", "Tuesdays", "Monday or Tuesday".
The caller offers the free slots that fit. "the 31st" is the next month that has a 31st.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from difflib import get_close_matches
from typing import cast, overload

# Problem kinds.
NO_DATE = "no_date"  # nothing recognisable
NO_DAY = "no_day"  # a time or part of day, but no day ("at 10", "mornings")
IMPOSSIBLE_DATE = "impossible_date"  # February 30, 4/31, 13/45
IMPOSSIBLE_TIME = "impossible_time"  # 25:00, 13pm, 10:75
PAST = "past"  # a day before today, or today at a time already gone
AMBIGUOUS = "ambiguous"  # two different days or times ("monday or tuesday")

MAX_CHARS = 200  # longer answers are not a day and time; do no work on them

Window = tuple[time, time]
START_OF_DAY, END_OF_DAY = time(0), time(23, 59)


@dataclass(frozen=True)
class PreferredTime:
    day: date
    at: time | None = None
    window: Window | None = None

    def start(self, tz: tzinfo) -> datetime | None:
        """The exact time as an aware datetime in `tz` (DST-safe), or None without one."""
        return None if self.at is None else datetime.combine(self.day, self.at, tzinfo=tz)

    def fits(self, day: date, at: time) -> bool:
        """Does a slot starting on `day` at `at` match this wish?"""
        if day != self.day or (self.at is not None and at != self.at):
            return False
        return self.window is None or self.window[0] <= at < self.window[1]


@dataclass(frozen=True)
class Problem:
    kind: str
    at: time | None = None  # what was understood anyway (for NO_DAY)
    window: Window | None = None


CLOCK_TIME = timedelta(minutes=1)  # the window of a clock time named with no day ("9:30")


@dataclass(frozen=True)
class FlexibleTime:
    """A wish that fits many slots: any day from `earliest` to `latest` (None: as far as can be
    booked), inside `window`, on `weekdays` (0 is Monday) or on one of `days` when given."""

    earliest: date
    latest: date | None = None
    window: Window | None = None
    weekdays: frozenset[int] | None = None
    days: frozenset[date] | None = None

    @property
    def names_a_clock_time(self) -> bool:
        """ "9:30" with no day: a wish for that minute on any day (a window CLOCK_TIME wide),
        not a window such as "after 3"."""
        if self.window is None:
            return False
        start, end = (datetime.combine(date.min, moment) for moment in self.window)
        return end - start <= CLOCK_TIME

    def fits(self, day: date, at: time) -> bool:
        if day < self.earliest or (self.latest is not None and day > self.latest):
            return False
        if self.days is not None and day not in self.days:
            return False
        if self.weekdays is not None and day.weekday() not in self.weekdays:
            return False
        return self.window is None or self.window[0] <= at < self.window[1]


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

_TYPOS = {
    "tommorow": "tomorrow",
    "tomorow": "tomorrow",
    "tommorrow": "tomorrow",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tmrow": "tomorrow",
    "mon": "monday",
    "tue": "tuesday",
    "tues": "tuesday",
    "wed": "wednesday",
    "weds": "wednesday",
    "thu": "thursday",
    "thur": "thursday",
    "thurs": "thursday",
    "fri": "friday",
    "sat": "saturday",
    "sun": "sunday",
    "nxt": "next",
    "wk": "week",
    "wks": "weeks",
    "tonite": "tonight",
    "morn": "morning",
    "arvo": "afternoon",
}
# Longer words are also matched loosely against these ("wensday", "thrusday", "febuary").
_FUZZY_TARGETS = (*WEEKDAYS, *MONTHS, "tomorrow", "yesterday", "morning", "afternoon", "evening")
_NUMBER_WORDS = {
    word: n for n, word in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
}
_NUMBER_WORDS.update(a=1, an=1)
_ORDINAL_WORDS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()

_PARTS_OF_DAY: dict[str, Window] = {
    "early morning": (time(9), time(10, 30)),
    "late morning": (time(10, 30), time(12)),
    "morning": (time(9), time(12)),
    "lunchtime": (time(12), time(14)),
    "early afternoon": (time(12), time(14, 30)),
    "late afternoon": (time(14, 30), time(17)),
    "afternoon": (time(12), time(17)),
    "evening": (time(17), time(20)),
}

_SKIP = object()  # a rule handler's "this match is not what I read after all"


_GREETING = re.compile(
    r"^\s*(?:(?:hi|hello|hey|and)[\s,!.]+)?(?:a\s+)?good\s+(?:morning|afternoon|evening|day)\b"
    r"(?!\s*(?:works|is|would|suits?|slot|appointment|time|visit|please|if|for|then|or)\b)[\s,!.]*"
)


def _normalize(text: str) -> str:
    s = text.lower().replace("\u2019", "'")
    s = re.sub(r"<[^>]*>", " ", s)  # HTML tags
    s = _GREETING.sub(" ", s)  # "Good afternoon, I'd like to book": a greeting, not a wish
    s = re.sub(r"\b([ap])\.\s?m\b\.?", r"\1m", s)  # a.m. -> am
    s = re.sub(r"(\d)\s*-?\s*ish\b", r"\1", s)  # 11ish -> 11
    s = re.sub(r"[^\w\s/:.'-]", " ", s)  # keep date/time marks
    s = re.sub(r"[a-z]+", _fix_word, s)
    replacements: dict[str, str | Callable[[re.Match[str]], str]] = {
        r"\btonight\b": "this evening",
        r"\blunch\s*time\b|\blunch\b": "lunchtime",
        r"\b(?:a\s+)?fortnight\b": "2 weeks",
        r"\b(?:a\s+)?couple\s+(?:of\s+)?": "2 ",
        # "tuesday the 8": the day of the month, as "tuesday the 8th" (not 8 o'clock)
        r"\b(" + "|".join(WEEKDAYS) + r")\s+the\s+(\d{1,2})\b(?!\s*(?:am|pm|o'?clock|[:.]\d))": r"\1 the \2th",
        # "thursday morning next week": the part of the day after the day, as in "thursday next week morning"
        r"\b("
        + "|".join(WEEKDAYS)
        + r")\s+((?:early\s+|late\s+)?(?:morning|afternoon|evening))\s+((?:of\s+)?next\s+week|after\s+next)\b": (
            r"\1 \3 \2"
        ),
        r"\bthe\s+("
        + "|".join(_ORDINAL_WORDS)
        + r")\b(?!\s+(?:thing|available|opening|free|one|slot|appointment|time|visit))": lambda m: (
            f"the {_ORDINAL_WORDS.index(m[1]) + 1}th"
        ),
    }
    for pattern, replacement in replacements.items():
        s = re.sub(pattern, replacement, s)
    return s


def _fix_word(m: re.Match) -> str:
    word = m[0]
    if word in _TYPOS:
        return _TYPOS[word]
    if word.endswith("s") and word[:-1] in _FUZZY_TARGETS:
        return word  # "tuesdays", "mornings": a habit, not a typo
    if len(word) >= 6 and word not in _FUZZY_TARGETS:
        close = get_close_matches(word, _FUZZY_TARGETS, n=1, cutoff=0.8)
        return close[0] if close else word
    return word


# --- Days -----------------------------------------------------------------------------------


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _dated(today: date, month: int, day: int, year: str | None) -> date | None:
    """A month and day, in `year` or else this year unless it has passed, else next year."""
    if year:
        return _date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    passed = (month, day) < (today.month, today.day)
    return _date(today.year + passed, month, day)


def _day_of_month(today: date, day: int) -> date | None:
    """'the 3rd': this month unless that day has passed, else next month; a day the month lacks
    ('the 31st' on November 30) is in the next month that has it."""
    if not 1 <= day <= 31:
        return None
    year, month = today.year, today.month
    if day < today.day:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    for _ in range(12):
        found = _date(year, month, day)
        if found is not None:
            return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _weekday(today: date, name: str, mode: str | None) -> date:
    wanted = WEEKDAYS.index(name)
    ahead = (wanted - today.weekday()) % 7
    if mode == "this":
        return today + timedelta(days=ahead)
    if mode == "last":
        return today - timedelta(days=(today.weekday() - wanted) % 7 or 7)
    if mode == "next week":
        return today + timedelta(days=7 - today.weekday() + wanted)
    if mode == "after next":
        return today + timedelta(days=(ahead or 7) + 7)
    return today + timedelta(days=ahead or 7)  # plain, "next", "coming"


@dataclass(frozen=True)
class _NamedWeekday:
    """A day read from a weekday's name ("thursday", "next thursday")."""

    day: date


def _weekdays_confirm_dates(days: list) -> list:
    """'Thursday, December 3': a weekday beside a date that falls on it names no other day.

    A weekday that does not match the date is kept, so the patient is asked which they meant.
    """
    dated = [d for d in days if not isinstance(d, _NamedWeekday)]
    named = [d.day for d in days if isinstance(d, _NamedWeekday)]
    unconfirmed = [w for w in named if not any(d and d.weekday() == w.weekday() for d in dated)]
    return dated + unconfirmed


def _month(name: str) -> int:
    return [m[:3] for m in MONTHS].index(name[:3]) + 1


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _later(m: re.Match, today: date) -> date:
    """'in 3 days', 'in two weeks', 'a week from now'."""
    return today + timedelta(days=_number(m["n"]) * (7 if m["unit"] == "week" else 1))


def _monday_after(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def _next_week(m: re.Match, today: date) -> date:
    return _monday_after(today)


def _week_after_next(m: re.Match, today: date) -> date:
    return today + timedelta(days=14 - today.weekday())


@dataclass(frozen=True)
class _Range:
    """Days a wish leaves open ("this week", "next week", "in two weeks")."""

    first: date
    last: date


@dataclass(frozen=True)
class _Weekdays:
    """A weekday named as a habit ("Tuesdays", "any Tuesday")."""

    weekdays: frozenset[int]


def _week_of(first_day: date) -> _Range:
    monday = first_day - timedelta(days=first_day.weekday())
    return _Range(max(first_day, monday), monday + timedelta(days=6))


# In a wish (read_time_wish) these name a stretch of days rather than its first day.
_AS_RANGE: dict[Callable, Callable[[re.Match, date], _Range | date]] = {
    _next_week: lambda m, today: _week_of(_next_week(m, today)),
    _week_after_next: lambda m, today: _week_of(_week_after_next(m, today)),
    _later: lambda m, today: (
        _Range(_later(m, today), _later(m, today) + timedelta(days=6)) if m["unit"] == "week" else _later(m, today)
    ),
}
_WISH_ONLY_DAY_RULES = [
    (
        r"\b(?:any\s+(?:day\s+)?|some\s*time\s+|sometime\s+)?this\s+week\b",
        lambda m, today: _Range(today, today + timedelta(days=6 - today.weekday())),
    ),
    # The 1st of a month always exists, so these use date() rather than the Optional _date().
    (
        r"\b(?:later|sometime)\s+this\s+month\b|\bthis\s+month\b",
        lambda m, today: _Range(
            today, date(today.year + today.month // 12, today.month % 12 + 1, 1) - timedelta(days=1)
        ),
    ),
    (
        r"\bnext\s+month\b",
        lambda m, today: _Range(
            date(today.year + today.month // 12, today.month % 12 + 1, 1),
            date(today.year + (today.month + 1) // 12, (today.month + 1) % 12 + 1, 1) - timedelta(days=1),
        ),
    ),
    (
        r"\b(?:any|every|on)?\s*(?P<wd>" + "|".join(WEEKDAYS) + r")s\b",
        lambda m, today: _Weekdays(frozenset({WEEKDAYS.index(m["wd"])})),
    ),
    (
        r"\b(?:any|every)\s+(?P<wd>" + "|".join(WEEKDAYS) + r")\b",
        lambda m, today: _Weekdays(frozenset({WEEKDAYS.index(m["wd"])})),
    ),
]


_WD = "(?P<wd>" + "|".join(WEEKDAYS) + ")"
_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\b"
_YEAR = r"(?:,?\s*(?P<y>\d{4})\b)?"
_NOT_A_TIME = r"(?!\s*(?:am|pm|o'?clock|[:.]\d))"
_COUNT = r"(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten)"
_RELATIVE = {"day after tomorrow": 2, "day before yesterday": -2, "today": 0, "tomorrow": 1, "yesterday": -1, "this": 0}

DayRule = tuple[re.Pattern, Callable[[re.Match, date], "date | None | object"]]
_DAY_RULES: list[DayRule] = [
    (re.compile(pattern), handler)
    for pattern, handler in [
        (
            r"\b(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})\b",  # 2026-12-05
            lambda m, today: _date(int(m["y"]), int(m["m"]), int(m["d"])),
        ),
        (
            r"\b(?P<m>\d{1,2})[/-](?P<d>\d{1,2})(?:[/-](?P<y>\d{4}|\d{2}))?\b",  # 12/5/2026
            lambda m, today: _dated(today, int(m["m"]), int(m["d"]), m["y"]),
        ),
        (
            rf"\b{_MON}\s*(?:the\s+)?{_DAY}{_NOT_A_TIME}{_YEAR}",  # dec 5th
            lambda m, today: _dated(today, _month(m["mon"]), int(m["d"]), m["y"]),
        ),
        (
            rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+|(?!may\s+[a-z])){_MON}{_YEAR}",  # 5 dec
            lambda m, today: _dated(today, _month(m["mon"]), int(m["d"]), m["y"]),
        ),
        (
            rf"\bnext\s+week\s+(?:on\s+)?{_WD}\b",  # next week tue
            lambda m, today: _NamedWeekday(_weekday(today, m["wd"], "next week")),
        ),
        (
            rf"\b{_WD}\s+(?:of\s+)?next\s+week\b",  # tue next week
            lambda m, today: _NamedWeekday(_weekday(today, m["wd"], "next week")),
        ),
        (rf"\b{_WD}\s+after\s+next\b", lambda m, today: _NamedWeekday(_weekday(today, m["wd"], "after next"))),
        (
            rf"\b(?:(?P<mode>this|next|coming|last)\s+)?{_WD}\b",
            lambda m, today: _NamedWeekday(_weekday(today, m["wd"], m["mode"])),
        ),
        (r"\b(?:the\s+)?week\s+after\s+next\b", _week_after_next),
        (r"\bnext\s+week\b", _next_week),
        (rf"\bin\s+{_COUNT}\s+(?P<unit>day|week)s?\b", _later),  # in 3 days
        (rf"\b{_COUNT}\s+(?P<unit>day|week)s?\s+from\s+(?:now|today)\b", _later),
        (
            r"\b(?:the\s+)?(?P<w>day\s+after\s+tomorrow|day\s+before\s+yesterday|today|tomorrow|"
            r"yesterday|this(?=\s+(?:early\s+|late\s+)?(?:morning|afternoon|evening)\b))\b",
            lambda m, today: today + timedelta(days=_RELATIVE[" ".join(m["w"].split())]),
        ),
        (
            r"\b(?:on\s+)?(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)\b",  # the 3rd
            lambda m, today: _day_of_month(today, int(m["d"])),
        ),
        (
            rf"\bon\s+the\s+(?P<d>\d{{1,2}})\b{_NOT_A_TIME}",  # on the 21
            lambda m, today: _day_of_month(today, int(m["d"])),
        ),
    ]
]

# The same rules for a wish: stretches of days and habits first, then the day rules with
# "next week" and "in two weeks" read as stretches.
_WISH_DAY_RULES: list[DayRule] = [(re.compile(pattern), handler) for pattern, handler in _WISH_ONLY_DAY_RULES] + [
    (pattern, _AS_RANGE.get(handler, handler)) for pattern, handler in _DAY_RULES
]


# --- Times ----------------------------------------------------------------------------------

_HOUR = r"(?P<h>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_CLOCK = rf"{_HOUR}(?:[:.](?P<m>\d{{2}}))?\s*(?P<ampm>am|pm)?(?P<oclock>\s*o'?\s?clock)?"
_CLOCK_RE = re.compile(_CLOCK)
_CLOCK_UNNAMED = re.sub(r"\?P<\w+>", "?:", _CLOCK)
_NOT_A_DURATION = r"(?!\s*(?:minute|min|hour|hr|day|week|month|year)s?\b)"
_PART_RE = re.compile(
    r"\b(?:in\s+the\s+|at\s+)?(?P<part>(?:early\s+|late\s+)?"
    r"(?:morning|afternoon|evening)|lunchtime)s?\b"
)


# "he can't do mornings", "not in the afternoon", "mornings are bad for him".
_RULED_OUT_RE = re.compile(
    r"\b(?:can'?t|cannot|can\s+not|not|no|except|won'?t|never)\s(?:(?:do|make|manage|come(?:\s+in)?|work|be"
    r"\s+there|go)\s+)?(?:in\s+the\s+|on\s+|any\s+)?(?P<part>morning|afternoon|evening)s?\b"
    r"|\b(?P<part2>morning|afternoon|evening)s?\s+(?:are|is|don'?t|doesn'?t|won'?t)\s+(?:not\s+)?(?:bad|out|no\s+good"
    r"|hard|difficult|tough|good|work|possible|ok|okay)\b(?:\s+for\s+\w+)?"
)
_PARTS_RULED_OUT_LEAVE = {
    "morning": (time(12), END_OF_DAY),
    "afternoon": (START_OF_DAY, time(12)),
    "evening": (START_OF_DAY, time(17)),
}


def _rule_out_parts(text: str) -> tuple[str, set[str]]:
    """The text without the parts of day it rules out, and those parts."""
    ruled_out: set[str] = set()

    def cut(m: re.Match) -> str:
        ruled_out.add(m["part"] or m["part2"])
        return " "

    return _RULED_OUT_RE.sub(cut, text), ruled_out


_DAY_NAME = "(?:" + "|".join(WEEKDAYS) + ")s?"
# "any morning next week except wednesday", "any day but fridays", "not mondays or tuesdays"
_DAYS_RULED_OUT_RE = re.compile(
    rf"\b(?:except|but(?:\s+not)?|not|other\s+than|apart\s+from|excluding|besides|no)\s+(?:on\s+)?(?:a\s+)?"
    rf"(?P<days>{_DAY_NAME}(?:\s*(?:,|and|or|&|nor)\s*(?:on\s+)?{_DAY_NAME})*)\b"
)


# "not this week, something the week after next": the rest of this week is ruled out.
_THIS_WEEK_RULED_OUT_RE = re.compile(
    r"\b(?:not|no|can'?t\s+(?:do|make\s+it|come)|cannot\s+(?:do|make\s+it|come))\s+(?:any\s*time\s+|anything\s+)?"
    r"(?:this|the\s+rest\s+of\s+this)\s+week\b"
)


def _rule_out_this_week(text: str, today: date) -> tuple[str, date]:
    """The text without "not this week", and the first day left: next Monday if it was said."""
    cut = _THIS_WEEK_RULED_OUT_RE.sub(" ", text)
    return cut, _monday_after(today) if cut != text else today


def _rule_out_weekdays(text: str) -> tuple[str, set[int]]:
    """The text without the weekdays it rules out, and those weekdays (0 is Monday)."""
    ruled_out: set[int] = set()

    def cut(m: re.Match) -> str:
        ruled_out.update(WEEKDAYS.index(name.rstrip("s")) for name in re.findall(_DAY_NAME, m["days"]))
        return " "

    return _DAYS_RULED_OUT_RE.sub(cut, text), ruled_out


def _window_left(ruled_out: set[str]) -> Window | None:
    """What is left of the day when these parts are ruled out."""
    if not ruled_out:
        return None
    start, end = START_OF_DAY, END_OF_DAY
    for part in ruled_out:
        left = _PARTS_RULED_OUT_LEAVE[part]
        start, end = max(start, left[0]), min(end, left[1])
    if "morning" in ruled_out and "afternoon" in ruled_out:
        start = time(17)
    return (start, end) if start < end else None


def _hour(h: int, ampm: str | None, part: str | None) -> int | None:
    """The 24-hour hour, or None when impossible. See the module rules for bare hours."""
    if ampm:
        return h % 12 + (12 if ampm == "pm" else 0) if 1 <= h <= 12 else None
    if h > 12:
        return h if h < 24 else None
    if part:
        return h % 12 + (0 if "morning" in part else 12)
    return h + 12 if 1 <= h <= 6 else h


@overload
def _clock(text: str, part: str | None) -> time | None: ...
@overload
def _clock(text: str, part: str | None, needs_marker: bool) -> time | None | object: ...


def _clock(text: str, part: str | None, needs_marker: bool = False) -> time | None | object:
    # Every caller passes text a _CLOCK_UNNAMED group captured, so it always matches _CLOCK.
    m = cast(re.Match[str], _CLOCK_RE.fullmatch(text.strip()))
    if needs_marker and not m["h"].isdigit() and not (m["ampm"] or m["oclock"] or part):
        return _SKIP  # "the one on friday" is not 1 pm
    hour, minute = _hour(_number(m["h"]), m["ampm"], part), int(m["m"] or 0)
    return time(hour, minute) if hour is not None and minute < 60 else None


def _between(m: re.Match, part: str | None) -> Window | None:
    first, last = _clock(m["a"], part), _clock(m["b"], part)
    return (first, last) if first and last and first < last else None


def _past_to(m: re.Match, part: str | None) -> time | None:
    hour = _hour(_number(m["h"]), m["ampm"], part)
    if hour is None:
        return None
    minutes = {"half": 30, "quarter": 15}[m["q"]] * (-1 if m["dir"] == "to" else 1)
    moment = datetime.combine(date.min, time(hour)) + timedelta(minutes=minutes)
    return moment.time()


def _from(m: re.Match, part: str | None) -> Window | None:
    """'after 3', 'from 2 pm': that time on."""
    start = _clock(m["clock"], part)
    return None if start is None else (start, END_OF_DAY)


def _until(m: re.Match, part: str | None) -> Window | None:
    """'before 11', 'by noon': up to that time."""
    end = _clock(m["clock"], part)
    return None if end is None or end == START_OF_DAY else (START_OF_DAY, end)


TimeRule = tuple[re.Pattern, Callable[[re.Match, "str | None"], object]]
_TIME_RULES: list[TimeRule] = [
    (re.compile(pattern), handler)
    for pattern, handler in [
        (r"\b(?:before|by|until|till)\s+(?:12\s*)?(?:noon|midday)\b", lambda m, part: (START_OF_DAY, time(12))),
        (r"\b(?:after|from)\s+(?:12\s*)?(?:noon|midday)\b", lambda m, part: (time(12), END_OF_DAY)),
        (
            rf"\b(?:any\s*time\s+)?(?:after|from|not\s+before|later\s+than)\s+(?P<clock>{_CLOCK_UNNAMED})(?![\w/-])"
            rf"{_NOT_A_DURATION}",
            _from,
        ),
        (
            rf"\b(?:before|by|until|till|not\s+after|no\s+later\s+than)\s+(?P<clock>{_CLOCK_UNNAMED})(?![\w/-])"
            rf"{_NOT_A_DURATION}",
            _until,
        ),
        (rf"\bbetween\s+(?P<a>{_CLOCK_UNNAMED})\s+(?:and|&)\s+(?P<b>{_CLOCK_UNNAMED})\b", _between),
        (r"\b(?:12\s*)?(?:noon|midday)\b", lambda m, part: time(12)),
        (r"\bfirst\s+thing\b", lambda m, part: time(9)),
        (rf"\b(?P<q>half|quarter)\s+(?P<dir>past|after|to)\s+{_HOUR}\s*(?P<ampm>am|pm)?\b", _past_to),
        (
            rf"\b(?P<at>at\s+)?(?P<clock>{_CLOCK_UNNAMED})(?![\w/-]){_NOT_A_DURATION}",
            lambda m, part: _clock(m["clock"], part, needs_marker=not m["at"]),
        ),
    ]
]


def _take(rules, text: str, context) -> tuple[list, str]:
    """Apply each (pattern, handler) in order; what a handler reads is cut from the text."""
    found: list = []
    for pattern, handler in rules:

        def read(m: re.Match) -> str:
            value = handler(m, context)  # noqa: B023 - read() is used at once, inside this iteration
            if value is _SKIP:
                return m[0]
            found.append(value)
            return " "

        text = pattern.sub(read, text)
    return found, text


# --- Public API -----------------------------------------------------------------------------

# Wishes that leave the day open. The strong ones mean it wherever they are said; the weak
# ones only as the answer to "which day and time would suit you?".
_ANY_TIME_RE = re.compile(
    r"\b(?:first|earliest|next|soonest)\s+(?:available|possible|opening|free|open|slot|time|appointment|one)s?\b"
    r"|\b(?:the\s+)?(?:earliest|soonest)\b|\bas\s+(?:soon|early)\s+as\s+(?:possible|you\s+can)\b|\basap\b"
    r"|\ba\.s\.a\.p\b|\bwhenever\b|\bany\s*(?:day|time|weekday|date)s?\b|\bwhat\s*ever\s+(?:works|is\s+free|suits"
    r"|you\s+have)\b|\bwhichever\b|\b(?:doesn'?t|does\s+not|dont|don'?t)\s+matter\b|\bno\s+preference\b"
    r"|\bnot\s+fussy\b|\bi'?m\s+(?:flexible|easy|free)\b|\bflexible\b|\bwhat(?:'s|\s+is|\s+are)?\s+(?:available|free"
    r"|open)\b|\bwhat\s+(?:times|days|slots)\b|\bwhat\s+do\s+you\s+have\b|\bwhen\s+(?:are\s+you|is\s+it)\s+(?:free"
    r"|open)\b|\b(?:any|some)\s+(?:openings?|availability)\b"
)
_ANYTHING_RE = re.compile(
    r"^\W*(?:i\s+)?(?:don'?t|dont|do\s+not)\s+(?:know|mind|care)\W*$|^\W*(?:not\s+sure|no\s+idea|idk|dunno|any"
    r"|either|whatever|up\s+to\s+you|you\s+(?:choose|pick|decide)|skip|pass|no|none|nope|nothing|ok|okay|sure|fine"
    r"|any\s+is\s+fine|either\s+is\s+fine|no\s+preference)\W*$"
)


def _read(text: str, now: datetime, wish: bool, asked: bool = False):
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware, in the clinic's timezone")
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_CHARS:
        return Problem(NO_DATE)
    today = now.date()
    normalized = _normalize(text)
    open_wish = False
    if wish:
        open_wish = bool(_ANY_TIME_RE.search(normalized)) or (asked and bool(_ANYTHING_RE.match(normalized)))
        normalized = _ANY_TIME_RE.sub(" ", normalized)
    normalized = re.sub(r"\bafter\s+lunchtime\b", "after 1pm", normalized)
    normalized = re.sub(r"\bbefore\s+lunchtime\b", "before noon", normalized)
    normalized, ruled_out = _rule_out_parts(normalized)
    normalized, days_ruled_out = _rule_out_weekdays(normalized) if wish else (normalized, set())
    normalized, first_day_left = _rule_out_this_week(normalized, today) if wish else (normalized, today)
    found, rest = _take(_WISH_DAY_RULES if wish else _DAY_RULES, normalized, today)
    ranges = [d for d in found if isinstance(d, _Range)]
    habits = [d for d in found if isinstance(d, _Weekdays)]
    days = _weekdays_confirm_dates([d for d in found if not isinstance(d, (_Range, _Weekdays))])
    parts = {" ".join(m["part"].split()) for m in _PART_RE.finditer(rest)}
    part = parts.pop() if len(parts) == 1 else None
    times, _ = _take(_TIME_RULES, _PART_RE.sub(" ", rest), part)

    if None in days:
        return Problem(IMPOSSIBLE_DATE)
    if None in times:
        return Problem(IMPOSSIBLE_TIME)
    if len(set(times)) > 1 or (len(set(days)) > 1 and not wish):
        return Problem(AMBIGUOUS)
    at = times[0] if times and isinstance(times[0], time) else None
    window = times[0] if times and isinstance(times[0], tuple) else None
    if at is None and window is None and part:
        window = _PARTS_OF_DAY[part]
    if at is None and window is None:
        window = _window_left(ruled_out)

    if len(set(days)) == 1 and days[0].weekday() not in days_ruled_out:
        day = days[0]
        latest = at or (window[1] if window else None)
        if day < today or (day == today and latest and datetime.combine(day, latest, now.tzinfo) <= now):
            return Problem(PAST)
        return PreferredTime(day, at, window)
    if not wish:
        return Problem(NO_DAY, at, window) if at or window else Problem(NO_DATE)

    if at is not None:
        window = (at, (datetime.combine(date.min, at) + CLOCK_TIME).time())
    chosen = frozenset(d for d in days if d >= today) if days else None
    if days and not chosen:
        return Problem(PAST)
    earliest, latest_day = first_day_left, None
    if ranges:
        earliest, latest_day = max(min(r.first for r in ranges), first_day_left), max(r.last for r in ranges)
        if latest_day < first_day_left:
            return Problem(PAST)
    weekdays = frozenset().union(*(h.weekdays for h in habits)) if habits else None
    if days_ruled_out:
        weekdays = (weekdays or frozenset(range(7))) - days_ruled_out
        chosen = frozenset(d for d in chosen if d.weekday() not in days_ruled_out) if chosen else chosen
    if chosen or ranges or weekdays or window or open_wish or first_day_left != today:
        return FlexibleTime(earliest, latest_day, window, weekdays, chosen)
    return Problem(NO_DATE)


def read_preferred_time(text: str, now: datetime) -> PreferredTime | Problem:
    """The day (and time or part of day) the patient asks for, relative to `now`.

    `now` must be aware and in the clinic's timezone; the result is in `now.tzinfo`.
    """
    return _read(text, now, wish=False)


def read_time_wish(text: str, now: datetime, asked: bool = True) -> PreferredTime | FlexibleTime | Problem:
    """What the patient would like: one day (PreferredTime), many (FlexibleTime), or a Problem.

    `asked`: the text answers "which day and time would suit you?", so "I don't know", "any",
    "skip" leave the time open too. Without it only words that clearly leave it open count
    ("first available", "any day next week"), since the text may be about something else.
    """
    return _read(text, now, wish=True, asked=asked)


def mentions_time(text: str, now: datetime) -> bool:
    """Does the text name a day or a time, or clearly leave it open ("first available")?"""
    found = read_time_wish(text, now, asked=False)
    return not isinstance(found, Problem) or found.kind in (PAST, IMPOSSIBLE_DATE, AMBIGUOUS)


def clock(moment: time | datetime) -> str:
    """09:00 -> '9 am', 13:30 -> '1:30 pm'."""
    hour, suffix = moment.hour % 12 or 12, "am" if moment.hour < 12 else "pm"
    return f"{hour} {suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d} {suffix}"


def describe_slot(start: datetime, now: datetime | None = None) -> str:
    """'Tuesday, December 1 at 10:30 am'; the year is added when `now` is in another year."""
    text = f"{WEEKDAYS[start.weekday()].title()}, {MONTHS[start.month - 1].title()} {start.day}"
    if now is not None and now.year != start.year:
        text += f", {start.year}"
    return f"{text} at {clock(start)}"


def describe_opening_hours(hours: dict[int, tuple[time, time]]) -> str:
    """{0..4: (9:00, 17:00)} -> 'Monday to Friday, 9 am to 5 pm'; '' for no hours."""
    groups: list[tuple[int, int, tuple[time, time]]] = []
    for day in sorted(hours):
        if groups and groups[-1][1] == day - 1 and groups[-1][2] == hours[day]:
            groups[-1] = (groups[-1][0], day, hours[day])
        else:
            groups.append((day, day, hours[day]))
    parts = []
    for first, last, (opens, closes) in groups:
        days = WEEKDAYS[first].title() + (f" to {WEEKDAYS[last].title()}" if last != first else "")
        parts.append(f"{days}, {clock(opens)} to {clock(closes)}")
    return "; ".join(parts)
