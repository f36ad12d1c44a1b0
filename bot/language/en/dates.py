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
- Saturdays and Sundays are returned like any day: the caller knows the opening hours.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from difflib import get_close_matches
from typing import Callable

# Problem kinds.
NO_DATE = "no_date"                  # nothing recognisable
NO_DAY = "no_day"                    # a time or part of day, but no day ("at 10", "mornings")
IMPOSSIBLE_DATE = "impossible_date"  # February 30, 4/31, 13/45
IMPOSSIBLE_TIME = "impossible_time"  # 25:00, 13pm, 10:75
PAST = "past"                        # a day before today, or today at a time already gone
AMBIGUOUS = "ambiguous"              # two different days or times ("monday or tuesday")

MAX_CHARS = 200  # longer answers are not a day and time; do no work on them

Window = tuple[time, time]


@dataclass(frozen=True)
class PreferredTime:
    day: date
    at: time | None = None
    window: Window | None = None

    def start(self, tz: tzinfo) -> datetime | None:
        """The exact time as an aware datetime in `tz` (DST-safe), or None without one."""
        return None if self.at is None else datetime.combine(self.day, self.at, tzinfo=tz)


@dataclass(frozen=True)
class Problem:
    kind: str
    at: time | None = None         # what was understood anyway (for NO_DAY)
    window: Window | None = None


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")

_TYPOS = {
    "tommorow": "tomorrow", "tomorow": "tomorrow", "tommorrow": "tomorrow", "tmrw": "tomorrow",
    "tmr": "tomorrow", "tmrow": "tomorrow", "mon": "monday", "tue": "tuesday", "tues": "tuesday",
    "wed": "wednesday", "weds": "wednesday", "thu": "thursday", "thur": "thursday",
    "thurs": "thursday", "fri": "friday", "sat": "saturday", "sun": "sunday", "nxt": "next",
    "wk": "week", "wks": "weeks", "tonite": "tonight", "morn": "morning", "arvo": "afternoon",
}
# Longer words are also matched loosely against these ("wensday", "thrusday", "febuary").
_FUZZY_TARGETS = (*WEEKDAYS, *MONTHS, "tomorrow", "yesterday", "morning", "afternoon", "evening")
_NUMBER_WORDS = {word: n for n, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
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


def _normalize(text: str) -> str:
    s = text.lower().replace("\u2019", "'")
    s = re.sub(r"<[^>]*>", " ", s)                                    # HTML tags
    s = re.sub(r"\b([ap])\.\s?m\b\.?", r"\1m", s)                   # a.m. -> am
    s = re.sub(r"(\d)\s*-?\s*ish\b", r"\1", s)                       # 11ish -> 11
    s = re.sub(r"[^\w\s/:.'-]", " ", s)                               # keep date/time marks
    s = re.sub(r"[a-z]+", _fix_word, s)
    replacements = {
        r"\btonight\b": "this evening",
        r"\blunch\s*time\b|\blunch\b": "lunchtime",
        r"\b(?:a\s+)?fortnight\b": "2 weeks",
        r"\b(?:a\s+)?couple\s+(?:of\s+)?": "2 ",
        r"\bthe\s+(" + "|".join(_ORDINAL_WORDS) + r")\b(?!\s+thing)":
            lambda m: f"the {_ORDINAL_WORDS.index(m[1]) + 1}th",
    }
    for pattern, replacement in replacements.items():
        s = re.sub(pattern, replacement, s)
    return s


def _fix_word(m: re.Match) -> str:
    word = m[0]
    if word in _TYPOS:
        return _TYPOS[word]
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
    """'the 3rd': this month unless that day has passed, else next month."""
    year, month = today.year, today.month
    if day < today.day:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return _date(year, month, day)


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


_WD = "(?P<wd>" + "|".join(WEEKDAYS) + ")"
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?" \
       r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\b"
_YEAR = r"(?:,?\s*(?P<y>\d{4})\b)?"
_NOT_A_TIME = r"(?!\s*(?:am|pm|o'?clock|[:.]\d))"
_COUNT = r"(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten)"
_RELATIVE = {"day after tomorrow": 2, "day before yesterday": -2, "today": 0, "tomorrow": 1,
             "yesterday": -1, "this": 0}

DayRule = tuple[re.Pattern, Callable[[re.Match, date], "date | None | object"]]
_DAY_RULES: list[DayRule] = [(re.compile(pattern), handler) for pattern, handler in [
    (r"\b(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})\b",                     # 2026-12-05
     lambda m, today: _date(int(m["y"]), int(m["m"]), int(m["d"]))),
    (r"\b(?P<m>\d{1,2})[/-](?P<d>\d{1,2})(?:[/-](?P<y>\d{4}|\d{2}))?\b",          # 12/5/2026
     lambda m, today: _dated(today, int(m["m"]), int(m["d"]), m["y"])),
    (rf"\b{_MON}\s*(?:the\s+)?{_DAY}{_NOT_A_TIME}{_YEAR}",                         # dec 5th
     lambda m, today: _dated(today, _month(m["mon"]), int(m["d"]), m["y"])),
    (rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+|(?!may\s+[a-z])){_MON}{_YEAR}",  # 5 dec
     lambda m, today: _dated(today, _month(m["mon"]), int(m["d"]), m["y"])),
    (rf"\bnext\s+week\s+(?:on\s+)?{_WD}\b",                                      # next week tue
     lambda m, today: _NamedWeekday(_weekday(today, m["wd"], "next week"))),
    (rf"\b{_WD}\s+(?:of\s+)?next\s+week\b",                                       # tue next week
     lambda m, today: _NamedWeekday(_weekday(today, m["wd"], "next week"))),
    (rf"\b{_WD}\s+after\s+next\b",
     lambda m, today: _NamedWeekday(_weekday(today, m["wd"], "after next"))),
    (rf"\b(?:(?P<mode>this|next|coming|last)\s+)?{_WD}\b",
     lambda m, today: _NamedWeekday(_weekday(today, m["wd"], m["mode"]))),
    (r"\b(?:the\s+)?week\s+after\s+next\b",
     lambda m, today: today + timedelta(days=14 - today.weekday())),
    (r"\bnext\s+week\b",
     lambda m, today: today + timedelta(days=7 - today.weekday())),
    (rf"\bin\s+{_COUNT}\s+(?P<unit>day|week)s?\b", _later),                        # in 3 days
    (rf"\b{_COUNT}\s+(?P<unit>day|week)s?\s+from\s+(?:now|today)\b", _later),
    (r"\b(?:the\s+)?(?P<w>day\s+after\s+tomorrow|day\s+before\s+yesterday|today|tomorrow|"
     r"yesterday|this(?=\s+(?:early\s+|late\s+)?(?:morning|afternoon|evening)\b))\b",
     lambda m, today: today + timedelta(days=_RELATIVE[" ".join(m["w"].split())])),
    (r"\b(?:on\s+)?(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)\b",                     # the 3rd
     lambda m, today: _day_of_month(today, int(m["d"]))),
    (rf"\bon\s+the\s+(?P<d>\d{{1,2}})\b{_NOT_A_TIME}",                              # on the 21
     lambda m, today: _day_of_month(today, int(m["d"]))),
]]


# --- Times ----------------------------------------------------------------------------------

_HOUR = r"(?P<h>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_CLOCK = rf"{_HOUR}(?:[:.](?P<m>\d{{2}}))?\s*(?P<ampm>am|pm)?(?P<oclock>\s*o'?\s?clock)?"
_CLOCK_RE = re.compile(_CLOCK)
_CLOCK_UNNAMED = re.sub(r"\?P<\w+>", "?:", _CLOCK)
_NOT_A_DURATION = r"(?!\s*(?:minute|min|hour|hr|day|week|month|year)s?\b)"
_PART_RE = re.compile(r"\b(?:in\s+the\s+|at\s+)?(?P<part>(?:early\s+|late\s+)?"
                      r"(?:morning|afternoon|evening)|lunchtime)s?\b")


def _hour(h: int, ampm: str | None, part: str | None) -> int | None:
    """The 24-hour hour, or None when impossible. See the module rules for bare hours."""
    if ampm:
        return h % 12 + (12 if ampm == "pm" else 0) if 1 <= h <= 12 else None
    if h > 12:
        return h if h < 24 else None
    if part:
        return h % 12 + (0 if "morning" in part else 12)
    return h + 12 if 1 <= h <= 6 else h


def _clock(text: str, part: str | None, needs_marker: bool = False) -> time | None | object:
    m = _CLOCK_RE.fullmatch(text.strip())
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


TimeRule = tuple[re.Pattern, Callable[[re.Match, "str | None"], object]]
_TIME_RULES: list[TimeRule] = [(re.compile(pattern), handler) for pattern, handler in [
    (rf"\bbetween\s+(?P<a>{_CLOCK_UNNAMED})\s+(?:and|&)\s+(?P<b>{_CLOCK_UNNAMED})\b", _between),
    (r"\b(?:12\s*)?(?:noon|midday)\b", lambda m, part: time(12)),
    (r"\bfirst\s+thing\b", lambda m, part: time(9)),
    (rf"\b(?P<q>half|quarter)\s+(?P<dir>past|after|to)\s+{_HOUR}\s*(?P<ampm>am|pm)?\b", _past_to),
    (rf"\b(?P<at>at\s+)?(?P<clock>{_CLOCK_UNNAMED})(?![\w/-]){_NOT_A_DURATION}",
     lambda m, part: _clock(m["clock"], part, needs_marker=not m["at"])),
]]


def _take(rules, text: str, context) -> tuple[list, str]:
    """Apply each (pattern, handler) in order; what a handler reads is cut from the text."""
    found: list = []
    for pattern, handler in rules:
        def read(m: re.Match) -> str:
            value = handler(m, context)
            if value is _SKIP:
                return m[0]
            found.append(value)
            return " "
        text = pattern.sub(read, text)
    return found, text


# --- Public API -----------------------------------------------------------------------------

def read_preferred_time(text: str, now: datetime) -> PreferredTime | Problem:
    """The day (and time or part of day) the patient asks for, relative to `now`.

    `now` must be aware and in the clinic's timezone; the result is in `now.tzinfo`.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware, in the clinic's timezone")
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_CHARS:
        return Problem(NO_DATE)
    today = now.date()
    days, rest = _take(_DAY_RULES, _normalize(text), today)
    days = _weekdays_confirm_dates(days)
    parts = {" ".join(m["part"].split()) for m in _PART_RE.finditer(rest)}
    part = parts.pop() if len(parts) == 1 else None
    times, _ = _take(_TIME_RULES, _PART_RE.sub(" ", rest), part)

    if None in days:
        return Problem(IMPOSSIBLE_DATE)
    if None in times:
        return Problem(IMPOSSIBLE_TIME)
    if len(set(days)) > 1 or len(set(times)) > 1:
        return Problem(AMBIGUOUS)
    at = times[0] if times and isinstance(times[0], time) else None
    window = times[0] if times and isinstance(times[0], tuple) else None
    if at is None and window is None and part:
        window = _PARTS_OF_DAY[part]
    if not days:
        return Problem(NO_DAY, at, window) if at or window else Problem(NO_DATE)

    day = days[0]
    latest = at or (window[1] if window else None)
    if day < today or (day == today and latest and datetime.combine(day, latest, now.tzinfo) <= now):
        return Problem(PAST)
    return PreferredTime(day, at, window)


def describe_slot(start: datetime, now: datetime | None = None) -> str:
    """'Tuesday, December 1 at 10:30 am'; the year is added when `now` is in another year."""
    text = f"{WEEKDAYS[start.weekday()].title()}, {MONTHS[start.month - 1].title()} {start.day}"
    if now is not None and now.year != start.year:
        text += f", {start.year}"
    hour, suffix = start.hour % 12 or 12, "am" if start.hour < 12 else "pm"
    clock = f"{hour} {suffix}" if start.minute == 0 else f"{hour}:{start.minute:02d} {suffix}"
    return f"{text} at {clock}"
