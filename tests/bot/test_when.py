"""bot.language.en.dates: reading a preferred day and time. `now` is always given, never the real clock."""

import ast
import os
import time as time_module
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.language.en import dates as when
from bot.language.en.dates import (
    AMBIGUOUS,
    IMPOSSIBLE_DATE,
    IMPOSSIBLE_TIME,
    NO_DATE,
    NO_DAY,
    PAST,
    PreferredTime,
    Problem,
    describe_slot,
    read_preferred_time,
)

NY = ZoneInfo("America/New_York")
# Wednesday 10 June 2026, 8 am in the clinic, before opening.
NOW = datetime(2026, 6, 10, 8, 0, tzinfo=NY)
MORNING = (time(9), time(12))
AFTERNOON = (time(12), time(17))
EVENING = (time(17), time(20))


def read(text, now=NOW):
    return read_preferred_time(text, now)


def day_of(text, now=NOW):
    result = read(text, now)
    assert isinstance(result, PreferredTime), result
    return result.day


@pytest.mark.parametrize(
    "text, expected",
    [
        ("today", date(2026, 6, 10)),
        ("tomorrow", date(2026, 6, 11)),
        ("Tomorrow", date(2026, 6, 11)),
        ("TOMORROW!", date(2026, 6, 11)),
        ("the day after tomorrow", date(2026, 6, 12)),
        ("day after tomorrow", date(2026, 6, 12)),
        # Weekday names: the first one after today; today itself only with "this".
        ("thursday", date(2026, 6, 11)),
        ("friday", date(2026, 6, 12)),
        ("monday", date(2026, 6, 15)),
        ("tuesday", date(2026, 6, 16)),
        ("wednesday", date(2026, 6, 17)),
        ("on Wednesday", date(2026, 6, 17)),
        ("this wednesday", date(2026, 6, 10)),
        ("this friday", date(2026, 6, 12)),
        ("next tuesday", date(2026, 6, 16)),
        ("next wednesday", date(2026, 6, 17)),
        ("next thursday", date(2026, 6, 11)),
        ("coming monday", date(2026, 6, 15)),
        ("tuesday next week", date(2026, 6, 16)),
        ("thursday next week", date(2026, 6, 18)),
        ("next week on friday", date(2026, 6, 19)),
        ("friday after next", date(2026, 6, 19)),
        ("next week", date(2026, 6, 15)),
        ("sometime next week", date(2026, 6, 15)),
        ("the week after next", date(2026, 6, 22)),
        ("in 3 days", date(2026, 6, 13)),
        ("in three days", date(2026, 6, 13)),
        ("in 2 weeks", date(2026, 6, 24)),
        ("in two weeks", date(2026, 6, 24)),
        ("in ten days", date(2026, 6, 20)),
        ("in a week", date(2026, 6, 17)),
        ("a week from now", date(2026, 6, 17)),
        ("2 weeks from today", date(2026, 6, 24)),
        ("in a couple of days", date(2026, 6, 12)),
        ("in a fortnight", date(2026, 6, 24)),
        # Weekends are returned as asked: the caller decides the clinic is closed.
        ("saturday", date(2026, 6, 13)),
        ("sunday", date(2026, 6, 14)),
        ("sat", date(2026, 6, 13)),
        ("6/14", date(2026, 6, 14)),
    ],
)
def test_relative_days(text, expected):
    assert day_of(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("december 5", date(2026, 12, 5)),
        ("December 5th", date(2026, 12, 5)),
        ("dec 5th", date(2026, 12, 5)),
        ("Dec. 5", date(2026, 12, 5)),
        ("5 december", date(2026, 12, 5)),
        ("5th dec", date(2026, 12, 5)),
        ("the 5th of december", date(2026, 12, 5)),
        ("december the 5th", date(2026, 12, 5)),
        ("the fifth of december", date(2026, 12, 5)),
        ("december 5, 2027", date(2027, 12, 5)),
        ("june 10", date(2026, 6, 10)),  # today is not past
        ("june 9", date(2027, 6, 9)),  # passed this year: next year
        ("jan 5", date(2027, 1, 5)),
        ("may 5", date(2027, 5, 5)),
        ("july 4", date(2026, 7, 4)),
        ("12/5", date(2026, 12, 5)),  # US order: month/day
        ("12/05", date(2026, 12, 5)),
        ("12-5", date(2026, 12, 5)),
        ("12/05/2026", date(2026, 12, 5)),
        ("12/5/27", date(2027, 12, 5)),
        ("2026-12-05", date(2026, 12, 5)),
        ("the 3rd", date(2026, 7, 3)),  # the 3rd has passed this month
        ("on the 21st", date(2026, 6, 21)),
        ("the 21st", date(2026, 6, 21)),
        ("on the 21", date(2026, 6, 21)),
        ("the 10th", date(2026, 6, 10)),  # asked on the 10th: today
        ("the 9th", date(2026, 7, 9)),
        ("the first", date(2026, 7, 1)),
        ("Tuesday the 16th", date(2026, 6, 16)),  # weekday and date agree
    ],
)
def test_calendar_days(text, expected):
    assert day_of(text) == expected


@pytest.mark.parametrize(
    "text, at",
    [
        ("tomorrow at 10", time(10)),
        ("tomorrow 10am", time(10)),
        ("tomorrow 10 am", time(10)),
        ("tomorrow 10 a.m.", time(10)),
        ("tomorrow 10:30", time(10, 30)),
        ("tomorrow 10:30am", time(10, 30)),
        ("tomorrow 9.30", time(9, 30)),
        ("tomorrow 2pm", time(14)),
        ("tomorrow 2 PM", time(14)),
        ("tomorrow at 2", time(14)),  # bare 1-6: afternoon
        ("tomorrow at 6", time(18)),
        ("tomorrow at 7", time(7)),  # bare 7-11: morning
        ("tomorrow at 11", time(11)),
        ("tomorrow at 12", time(12)),  # bare 12: noon
        ("tomorrow at 15:45", time(15, 45)),  # 24-hour clock
        ("tomorrow at 3 o'clock", time(15)),
        ("tomorrow at ten", time(10)),
        ("tomorrow at two pm", time(14)),
        ("tomorrow 2 in the afternoon", time(14)),
        ("tomorrow 10 in the morning", time(10)),
        ("7 in the evening tomorrow", time(19)),
        ("tomorrow at noon", time(12)),
        ("tomorrow 12 noon", time(12)),
        ("tomorrow midday", time(12)),
        ("tomorrow half past 9", time(9, 30)),
        ("tomorrow quarter past 2", time(14, 15)),
        ("tomorrow quarter to 3", time(14, 45)),
        ("first thing tomorrow", time(9)),
        ("tomorrow first thing in the morning", time(9)),  # an exact time beats the window
    ],
)
def test_times(text, at):
    assert read(text) == PreferredTime(date(2026, 6, 11), at, None)


@pytest.mark.parametrize(
    "text, window",
    [
        ("tomorrow morning", MORNING),
        ("tomorrow in the morning", MORNING),
        ("tomorrow afternoon", AFTERNOON),
        ("tomorrow evening", EVENING),
        ("tomorrow at lunchtime", (time(12), time(14))),
        ("tomorrow lunch time", (time(12), time(14))),
        ("tomorrow early morning", (time(9), time(10, 30))),
        ("tomorrow late afternoon", (time(14, 30), time(17))),
        ("tomorrow between 2 and 4", (time(14), time(16))),
        ("tomorrow between 9:30 and 11", (time(9, 30), time(11))),
        ("tomorrow", None),
    ],
)
def test_parts_of_day(text, window):
    assert read(text) == PreferredTime(date(2026, 6, 11), None, window)


def test_morning_or_afternoon_gives_no_window():
    assert read("tomorrow morning or afternoon") == PreferredTime(date(2026, 6, 11), None, None)


def test_today_and_tonight():
    assert read("this morning") == PreferredTime(date(2026, 6, 10), None, MORNING)
    assert read("tonight") == PreferredTime(date(2026, 6, 10), None, EVENING)
    assert read("today at 10") == PreferredTime(date(2026, 6, 10), time(10), None)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("next Tuesday afternoon", PreferredTime(date(2026, 6, 16), None, AFTERNOON)),
        ("the 3rd at 10", PreferredTime(date(2026, 7, 3), time(10), None)),
        ("tomorrow morning", PreferredTime(date(2026, 6, 11), None, MORNING)),
        ("dec 5 at 2pm", PreferredTime(date(2026, 12, 5), time(14), None)),
        ("Friday around 11ish", PreferredTime(date(2026, 6, 12), time(11), None)),
        ("friday 11-ish", PreferredTime(date(2026, 6, 12), time(11), None)),
        ("monday 9:30", PreferredTime(date(2026, 6, 15), time(9, 30), None)),
        ("12/14 at 3", PreferredTime(date(2026, 12, 14), time(15), None)),
        ("in two weeks", PreferredTime(date(2026, 6, 24), None, None)),
        ("I'd like Wednesday if possible, preferably around 10", PreferredTime(date(2026, 6, 17), time(10), None)),
        (
            "Could I come in on the 5th of December at about 2 in the afternoon please?",
            PreferredTime(date(2026, 12, 5), time(14), None),
        ),
        ("sometime next week in the morning", PreferredTime(date(2026, 6, 15), None, MORNING)),
        ("10:30am on the 21st", PreferredTime(date(2026, 6, 21), time(10, 30), None)),
        ("the one on friday", PreferredTime(date(2026, 6, 12), None, None)),  # "one" is no hour
        ("the 5th may work", PreferredTime(date(2026, 7, 5), None, None)),  # "may" is no month
    ],
)
def test_examples(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("tommorow", date(2026, 6, 11)),
        ("tomorow", date(2026, 6, 11)),
        ("tommorrow", date(2026, 6, 11)),
        ("tmrw", date(2026, 6, 11)),
        ("tues", date(2026, 6, 16)),
        ("tue", date(2026, 6, 16)),
        ("thurs", date(2026, 6, 11)),
        ("thur", date(2026, 6, 11)),
        ("wed", date(2026, 6, 17)),
        ("weds", date(2026, 6, 17)),
        ("wensday", date(2026, 6, 17)),
        ("wendsday", date(2026, 6, 17)),
        ("thrusday", date(2026, 6, 11)),
        ("tuseday", date(2026, 6, 16)),
        ("saterday", date(2026, 6, 13)),
        ("fri", date(2026, 6, 12)),
        ("mon", date(2026, 6, 15)),
        ("nxt tues", date(2026, 6, 16)),
        ("nxt week", date(2026, 6, 15)),
        ("febuary 3", date(2027, 2, 3)),
        ("decmber 5", date(2026, 12, 5)),
    ],
)
def test_typos(text, expected):
    assert day_of(text) == expected


def test_typo_in_part_of_day():
    assert read("tomorow afternon") == PreferredTime(date(2026, 6, 11), None, AFTERNOON)


@pytest.mark.parametrize(
    "now, text, expected",
    [
        # Month rollover: "the 3rd" asked on the 20th is next month's.
        (datetime(2026, 6, 20, 9, tzinfo=NY), "the 3rd", date(2026, 7, 3)),
        (datetime(2026, 6, 20, 9, tzinfo=NY), "the 20th", date(2026, 6, 20)),
        (datetime(2026, 6, 20, 9, tzinfo=NY), "the 25th", date(2026, 6, 25)),
        (datetime(2026, 1, 31, 9, tzinfo=NY), "tomorrow", date(2026, 2, 1)),
        (datetime(2026, 2, 28, 9, tzinfo=NY), "tomorrow", date(2026, 3, 1)),
        # Year rollover.
        (datetime(2026, 12, 20, 9, tzinfo=NY), "the 3rd", date(2027, 1, 3)),
        (datetime(2026, 12, 20, 9, tzinfo=NY), "jan 5", date(2027, 1, 5)),
        (datetime(2026, 12, 20, 9, tzinfo=NY), "1/5", date(2027, 1, 5)),
        (datetime(2026, 12, 20, 9, tzinfo=NY), "dec 22", date(2026, 12, 22)),
        (datetime(2026, 12, 20, 9, tzinfo=NY), "next week", date(2026, 12, 21)),
        (datetime(2026, 12, 31, 9, tzinfo=NY), "tomorrow", date(2027, 1, 1)),
        (datetime(2026, 12, 31, 9, tzinfo=NY), "friday", date(2027, 1, 1)),
        (datetime(2026, 12, 28, 9, tzinfo=NY), "in 2 weeks", date(2027, 1, 11)),
        # "next week" asked on a Sunday is tomorrow's week.
        (datetime(2026, 6, 14, 9, tzinfo=NY), "next week", date(2026, 6, 15)),
        (datetime(2026, 6, 14, 9, tzinfo=NY), "next monday", date(2026, 6, 15)),
        (datetime(2026, 6, 15, 9, tzinfo=NY), "monday", date(2026, 6, 22)),  # today excluded
        # Leap day.
        (datetime(2028, 2, 1, 9, tzinfo=NY), "feb 29", date(2028, 2, 29)),
    ],
)
def test_rollover(now, text, expected):
    assert day_of(text, now) == expected


@pytest.mark.parametrize(
    "text",
    [
        "feb 30",
        "February 30th",
        "the 30th of february",
        "4/31",
        "april 31",
        "13/45",
        "0/5",
        "2026-02-30",
        "december 32",
        "the 31st of june",
        "feb 29",  # 2027 has no February 29
    ],
)
def test_impossible_dates(text):
    assert read(text) == Problem(IMPOSSIBLE_DATE)


@pytest.mark.parametrize(
    "now, text, expected",
    [
        # Asked in April, which has 30 days: the next month that has a 31st.
        (datetime(2026, 4, 10, 9, tzinfo=NY), "the 31st", date(2026, 5, 31)),
        # Asked on November 30: not November (30 days), but December 31.
        (datetime(2026, 11, 30, 9, tzinfo=NY), "the 31st", date(2026, 12, 31)),
        (datetime(2026, 11, 30, 9, tzinfo=NY), "on the 31st at 10", date(2026, 12, 31)),
        # The 30th asked on January 31: February has none, so March.
        (datetime(2026, 1, 31, 9, tzinfo=NY), "the 30th", date(2026, 3, 30)),
    ],
)
def test_a_day_the_month_lacks_is_in_the_next_month_that_has_it(now, text, expected):
    assert day_of(text, now) == expected


def test_a_day_no_month_has_is_impossible():
    assert read("the 32nd") == Problem(IMPOSSIBLE_DATE)


@pytest.mark.parametrize(
    "text",
    [
        "tomorrow at 25:00",
        "tomorrow 13pm",
        "tomorrow at 10:75",
        "tomorrow at 0am",
        "tomorrow between 4 and 2",
    ],
)
def test_impossible_times(text):
    assert read(text) == Problem(IMPOSSIBLE_TIME)


@pytest.mark.parametrize(
    "text",
    [
        "yesterday",
        "the day before yesterday",
        "last monday",
        "last wednesday",
        "june 9, 2026",
        "6/9/2026",
        "2026-06-01",
        "2025-12-05",
        "today at 7",  # gone at 8 am
        "today at 8",  # exactly now is gone too
        "this morning at 7:30",
    ],
)
def test_past(text):
    assert read(text) == Problem(PAST)


def test_today_is_past_only_once_the_time_or_window_is_gone():
    afternoon = datetime(2026, 6, 10, 14, 0, tzinfo=NY)
    assert read("this morning", afternoon) == Problem(PAST)
    assert read("today at 9", afternoon) == Problem(PAST)
    assert read("today", afternoon) == PreferredTime(date(2026, 6, 10), None, None)
    assert read("this afternoon", afternoon) == PreferredTime(date(2026, 6, 10), None, AFTERNOON)
    assert read("today at 3", afternoon) == PreferredTime(date(2026, 6, 10), time(15), None)
    # "the 10th" on the 10th is today; with a time already gone it is past, not next month.
    assert read("the 10th at 9", afternoon) == Problem(PAST)


@pytest.mark.parametrize(
    "text, at, window",
    [
        ("at 10", time(10), None),
        ("10am", time(10), None),
        ("2pm", time(14), None),
        ("noon", time(12), None),
        ("mornings", None, MORNING),
        ("in the afternoon", None, AFTERNOON),
    ],
)
def test_time_without_a_day(text, at, window):
    assert read(text) == Problem(NO_DAY, at, window)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Thursday July 2 at 9am", PreferredTime(date(2026, 7, 2), time(9), None)),
        ("thursday, 2 july, 9 am", PreferredTime(date(2026, 7, 2), time(9), None)),
        ("Thursday the 25th in the morning", PreferredTime(date(2026, 6, 25), None, MORNING)),
        ("next thursday 7/2 at 10", PreferredTime(date(2026, 7, 2), time(10), None)),
    ],
)
def test_a_weekday_beside_a_date_on_that_weekday_confirms_it(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "monday or tuesday",
        "tomorrow or friday",
        "Friday July 2",
        "tomorrow at 10 or 11",
        "Tuesday the 17th",
    ],
)
def test_ambiguous(text):
    assert read(text) == Problem(AMBIGUOUS)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\n\t",
        "whenever",
        "asap",
        "I don't know",
        "next month",
        "2 weeks",
        "'; DROP TABLE appointments; --",
        "😀😀😀",
        "x" * 10_000,
        "1" * 10_000,
        "tomorrow " * 50,
        "\x00\x01",
        "¯\\_(ツ)_/¯",
    ],
)
def test_nothing_recognisable(text):
    assert read(text) == Problem(NO_DATE)


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "SELECT * FROM slots WHERE 1=1",
        "%s%s%n",
        "{{7*7}}",
        "9" * 150,
        "//////",
        "-1",
        "+1 617 555 0199",
    ],
)
def test_hostile_input_gives_a_problem(text):
    assert isinstance(read(text), Problem)


def test_html_around_words_is_ignored():
    assert day_of("<b>tomorrow</b>") == date(2026, 6, 11)
    assert day_of("tomorrow 😀 please") == date(2026, 6, 11)


def test_now_must_be_aware():
    with pytest.raises(ValueError):
        read_preferred_time("tomorrow", datetime(2026, 6, 10, 8, 0))


# --- Time zones and DST ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "now, expected_day, offset, iso, elapsed",
    [
        # Saturday 7 March 2026, noon EST: clocks spring forward on Sunday 8 March.
        (
            datetime(2026, 3, 7, 12, 0, tzinfo=NY),
            date(2026, 3, 8),
            timedelta(hours=-4),
            "2026-03-08T10:00:00-04:00",
            timedelta(hours=21),
        ),
        # Saturday 31 October 2026, noon EDT: clocks fall back on Sunday 1 November.
        (
            datetime(2026, 10, 31, 12, 0, tzinfo=NY),
            date(2026, 11, 1),
            timedelta(hours=-5),
            "2026-11-01T10:00:00-05:00",
            timedelta(hours=23),
        ),
    ],
)
def test_dst_keeps_wall_time(now, expected_day, offset, iso, elapsed):
    result = read("tomorrow at 10", now)
    assert result == PreferredTime(expected_day, time(10), None)
    start = result.start(NY)
    assert (start.hour, start.minute) == (10, 0)
    assert start.utcoffset() == offset
    assert start.isoformat() == iso
    # Real time elapsed is 21 or 23 hours, not the 22 that "now + 22 hours" would give.
    assert start.astimezone(UTC) - now.astimezone(UTC) == elapsed


def test_start_is_none_without_an_exact_time():
    assert PreferredTime(date(2026, 6, 11), None, MORNING).start(NY) is None


def test_late_evening_in_new_york_is_still_today_locally():
    # Monday 8 June 2026 23:30 in New York is already Tuesday 03:30 in UTC.
    now = datetime(2026, 6, 8, 23, 30, tzinfo=NY)
    assert now.astimezone(UTC).date() == date(2026, 6, 9)
    assert day_of("tomorrow", now) == date(2026, 6, 9)
    assert day_of("today", now) == date(2026, 6, 8)
    assert day_of("tuesday", now) == date(2026, 6, 9)
    assert read("today at 10", now) == Problem(PAST)


def test_result_is_in_the_timezone_of_now():
    tokyo = ZoneInfo("Asia/Tokyo")
    # The same instant is already Tuesday in Tokyo: "tomorrow" there is Wednesday.
    now = datetime(2026, 6, 8, 23, 30, tzinfo=NY).astimezone(tokyo)
    assert day_of("tomorrow", now) == date(2026, 6, 10)


@pytest.fixture
def server_in_tokyo():
    if not hasattr(time_module, "tzset"):
        pytest.skip("time.tzset is not available on this platform")
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tokyo"
    time_module.tzset()
    yield
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time_module.tzset()


@pytest.mark.parametrize(
    "text",
    [
        "today",
        "tomorrow",
        "tuesday",
        "next week",
        "the 3rd at 10",
        "dec 5 at 2pm",
        "this evening",
        "today at 10",
        "yesterday",
    ],
)
def test_server_timezone_does_not_matter(text, server_in_tokyo):
    now = datetime(2026, 6, 8, 23, 30, tzinfo=NY)  # a Monday night: Tuesday in Tokyo and UTC
    in_tokyo = read(text, now)
    os.environ["TZ"] = "UTC"
    time_module.tzset()
    assert read(text, now) == in_tokyo
    os.environ["TZ"] = "America/Los_Angeles"
    time_module.tzset()
    assert read(text, now) == in_tokyo


def test_never_reads_the_clock():
    clock_calls = {
        ("datetime", "now"),
        ("datetime", "today"),
        ("datetime", "utcnow"),
        ("date", "today"),
        ("time", "time"),
        ("time", "localtime"),
    }
    tree = ast.parse(Path(when.__file__).read_text())
    calls = {
        (node.func.value.id, node.func.attr)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
    }
    assert calls and not clock_calls & calls


# --- describe_slot --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, now, expected",
    [
        (datetime(2026, 12, 1, 10, 30, tzinfo=NY), None, "Tuesday, December 1 at 10:30 am"),
        (datetime(2026, 12, 1, 10, 0, tzinfo=NY), None, "Tuesday, December 1 at 10 am"),
        (datetime(2026, 6, 5, 9, 5, tzinfo=NY), None, "Friday, June 5 at 9:05 am"),
        (datetime(2026, 6, 5, 12, 0, tzinfo=NY), None, "Friday, June 5 at 12 pm"),
        (datetime(2026, 6, 5, 14, 45, tzinfo=NY), None, "Friday, June 5 at 2:45 pm"),
        (datetime(2026, 6, 5, 0, 15, tzinfo=NY), None, "Friday, June 5 at 12:15 am"),
        (datetime(2026, 12, 1, 10, 30, tzinfo=NY), NOW, "Tuesday, December 1 at 10:30 am"),
        (datetime(2027, 1, 5, 9, 0, tzinfo=NY), NOW, "Tuesday, January 5, 2027 at 9 am"),
        (datetime(2026, 3, 8, 10, 0, tzinfo=NY), None, "Sunday, March 8 at 10 am"),
    ],
)
def test_describe_slot(start, now, expected):
    assert describe_slot(start, now) == expected


def test_describe_what_was_read():
    result = read("dec 5 at 2pm")
    assert describe_slot(result.start(NY), NOW) == "Saturday, December 5 at 2 pm"
