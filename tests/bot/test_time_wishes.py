"""bot.language.en.dates.read_time_wish: what patients ask for when they name no single slot.

"first available", "asap", "this week", "mornings", "after 3", "the 31st", "in two weeks on a
morning", and a part of day ruled out ("he can't do mornings"). `now` is always given.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.language.en.dates import (
    END_OF_DAY,
    NO_DATE,
    PAST,
    FlexibleTime,
    PreferredTime,
    Problem,
    mentions_time,
    read_preferred_time,
    read_time_wish,
)

NY = ZoneInfo("America/New_York")
# Wednesday 10 June 2026, 8 am in the clinic, before opening.
NOW = datetime(2026, 6, 10, 8, 0, tzinfo=NY)
TODAY = NOW.date()
MORNING = (time(9), time(12))
AFTERNOON = (time(12), time(17))


def wish(text, now=NOW, asked=True):
    return read_time_wish(text, now, asked=asked)


@pytest.mark.parametrize(
    "text",
    [
        "first available",
        "the first available",
        "first available please",
        "asap",
        "ASAP!",
        "as soon as possible",
        "any day is fine",
        "any day",
        "doesn't matter",
        "whatever works",
        "whenever",
        "earliest you have",
        "next available",
        "no preference",
        "I'm flexible",
        "anytime",
        "any time really",
        "what's available?",
        "what do you have",
        "soonest",
    ],
)
def test_an_open_wish_is_any_free_slot_from_today(text):
    assert wish(text) == FlexibleTime(TODAY)


@pytest.mark.parametrize("text", ["I don't know", "not sure", "either", "skip", "whatever", "up to you", "no"])
def test_a_shrug_leaves_the_time_open_only_when_the_time_was_asked(text):
    assert wish(text) == FlexibleTime(TODAY)
    assert wish(text, asked=False) == Problem(NO_DATE)


def test_this_week_is_today_to_sunday():
    assert wish("this week") == FlexibleTime(TODAY, date(2026, 6, 14))
    assert wish("sometime this week") == FlexibleTime(TODAY, date(2026, 6, 14))


@pytest.mark.parametrize("text", ["next week", "next week sometime", "sometime next week", "any day next week"])
def test_next_week_is_the_whole_of_next_week(text):
    assert wish(text) == FlexibleTime(date(2026, 6, 15), date(2026, 6, 21))


def test_next_week_alone_still_reads_as_its_monday_for_a_single_day():
    assert read_preferred_time("next week", NOW) == PreferredTime(date(2026, 6, 15))


def test_a_weekday_of_next_week_is_still_that_day():
    assert wish("tuesday next week") == PreferredTime(date(2026, 6, 16))
    assert wish("next week on friday at 2") == PreferredTime(date(2026, 6, 19), time(14))


def test_mornings_and_afternoons_without_a_day():
    assert wish("mornings") == FlexibleTime(TODAY, window=MORNING)
    assert wish("afternoons are best") == FlexibleTime(TODAY, window=AFTERNOON)


@pytest.mark.parametrize(
    "text, window",
    [
        ("after 3", (time(15), END_OF_DAY)),
        ("after 3pm", (time(15), END_OF_DAY)),
        ("anytime after 2:30", (time(14, 30), END_OF_DAY)),
        ("not before 10", (time(10), END_OF_DAY)),
        ("before 11", (time(0), time(11))),
        ("before noon", (time(0), time(12))),
        ("after lunch", (time(13), END_OF_DAY)),
    ],
)
def test_after_and_before_give_a_window(text, window):
    assert wish(text) == FlexibleTime(TODAY, window=window)


def test_after_3_on_a_day_is_that_day_from_3():
    assert wish("friday after 3") == PreferredTime(date(2026, 6, 12), None, (time(15), END_OF_DAY))
    assert read_preferred_time("friday after 3", NOW) == PreferredTime(date(2026, 6, 12), None, (time(15), END_OF_DAY))


def test_a_time_without_a_day_is_that_time_on_any_day():
    assert wish("at 10") == FlexibleTime(TODAY, window=(time(10), time(10, 1)))


def test_the_31st_on_november_30_is_december_31():
    assert wish("the 31st", datetime(2026, 11, 30, 14, tzinfo=NY)) == PreferredTime(date(2026, 12, 31))


def test_in_two_weeks_on_a_morning_is_that_week_in_the_morning():
    assert wish("in two weeks on a morning") == FlexibleTime(date(2026, 6, 24), date(2026, 6, 30), MORNING)
    assert wish("in 2 weeks") == FlexibleTime(date(2026, 6, 24), date(2026, 6, 30))


def test_in_three_days_is_still_one_day():
    assert wish("in 3 days") == PreferredTime(date(2026, 6, 13))


@pytest.mark.parametrize(
    "text",
    [
        "Thursday afternoon, he can't do mornings",
        "thursday afternoon he cant do mornings",
        "Thursday afternoon please, mornings are bad for him",
        "thursday afternoon, not in the morning",
    ],
)
def test_a_part_of_day_ruled_out_is_not_the_part_asked_for(text):
    assert wish(text) == PreferredTime(date(2026, 6, 11), None, AFTERNOON)
    assert read_preferred_time(text, NOW) == PreferredTime(date(2026, 6, 11), None, AFTERNOON)


def test_ruling_out_mornings_alone_leaves_the_rest_of_the_day():
    assert wish("thursday, she can't do mornings") == PreferredTime(date(2026, 6, 11), None, (time(12), END_OF_DAY))
    assert wish("no mornings please") == FlexibleTime(TODAY, window=(time(12), END_OF_DAY))


def test_two_days_are_both_offered():
    assert wish("monday or tuesday") == FlexibleTime(TODAY, days=frozenset({date(2026, 6, 15), date(2026, 6, 16)}))


def test_a_weekday_as_a_habit():
    assert wish("tuesdays") == FlexibleTime(TODAY, weekdays=frozenset({1}))
    assert wish("any tuesday morning") == FlexibleTime(TODAY, window=MORNING, weekdays=frozenset({1}))
    assert wish("tuesdays or thursdays") == FlexibleTime(TODAY, weekdays=frozenset({1, 3}))


def test_a_single_day_and_time_is_still_exact():
    assert wish("next tuesday at 10") == PreferredTime(date(2026, 6, 16), time(10))
    assert wish("yesterday") == Problem(PAST)


def test_flexible_time_fits():
    open_week = FlexibleTime(date(2026, 6, 15), date(2026, 6, 21), MORNING)
    assert open_week.fits(date(2026, 6, 16), time(9))
    assert not open_week.fits(date(2026, 6, 16), time(12))
    assert not open_week.fits(date(2026, 6, 22), time(9))
    assert not open_week.fits(date(2026, 6, 12), time(9))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("want Tuesday 3pm", True),
        ("first available", True),
        ("mornings", True),
        ("the 31st", True),
        ("John Smith", False),
        ("first visit", False),
        ("burning feet at night", False),
        ("I'm a new patient", False),
        ("April Jones", False),
        ("I don't know", False),
        ("I've had it for 3 weeks", False),
        ("I'm 75", False),
    ],
)
def test_mentions_time(text, expected):
    assert mentions_time(text, NOW) is expected


def test_a_weekday_ruled_out_is_left_out_of_the_wish():
    # Found by the outside check: "any morning next week except Wednesday" became this
    # Wednesday at 11 am.
    found = wish("any morning next week except Wednesday")
    assert isinstance(found, FlexibleTime) and found.window == MORNING
    assert found.earliest == date(2026, 6, 15) and found.latest == date(2026, 6, 21)
    assert not found.fits(date(2026, 6, 17), time(10)) and found.fits(date(2026, 6, 16), time(10))


@pytest.mark.parametrize(
    "text, left_out",
    [("any day but fridays", {4}), ("not mondays or tuesdays", {0, 1}), ("any time except on a thursday", {3})],
)
def test_weekdays_ruled_out_in_other_words(text, left_out):
    found = wish(text)
    assert isinstance(found, FlexibleTime) and found.weekdays == frozenset(range(7)) - left_out


def test_a_weekday_named_alone_is_still_that_day():
    assert wish("thursday") == PreferredTime(date(2026, 6, 11), None, None)


@pytest.mark.parametrize(
    "text",
    ["Good afternoon, I'd like to book an appointment", "hello, good evening", "Good morning! can I book please"],
)
def test_a_greeting_is_not_a_time_wish(text):
    assert mentions_time(text, NOW) is False


@pytest.mark.parametrize(
    "text, window", [("Good afternoon works for me", AFTERNOON), ("good morning! mornings please", MORNING)]
)
def test_a_part_of_day_after_or_as_a_greeting_is_still_read(text, window):
    found = wish(text)
    assert isinstance(found, FlexibleTime) and found.window == window


# Found by the seventh session's outside check (today is Wednesday 10 June 2026): "tuesday the 8
# is good" was read as 8 am ("outside our opening hours") and "Thursday morning next week" as
# this Thursday.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("tuesday the 16 is good my daughter can drive me then", PreferredTime(date(2026, 6, 16))),
        ("tuesday the 16 at 2", PreferredTime(date(2026, 6, 16), time(14))),
        ("tuesday the 16:30", PreferredTime(date(2026, 6, 16), time(16, 30))),
        ("Thursday morning next week if possible", PreferredTime(date(2026, 6, 18), None, MORNING)),
        ("friday afternoon next week", PreferredTime(date(2026, 6, 19), None, AFTERNOON)),
    ],
)
def test_a_weekday_with_a_bare_day_of_month_or_a_part_of_day_before_next_week(text, expected):
    assert wish(text) == expected
    assert read_preferred_time(text, NOW) == expected


# "not this week" read as "this week" offered this week's times (seventh session's outside check).
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "not this week, he needs to rest. Something the week after next?",
            FlexibleTime(date(2026, 6, 22), date(2026, 6, 28)),
        ),
        ("not this week", FlexibleTime(date(2026, 6, 15))),
        ("cant make it this week, any morning", FlexibleTime(date(2026, 6, 15), None, MORNING)),
        ("not this week, next tuesday", PreferredTime(date(2026, 6, 16))),
    ],
)
def test_this_week_ruled_out(text, expected):
    assert wish(text) == expected


def test_this_week_is_still_this_week():
    assert wish("this week") == FlexibleTime(TODAY, date(2026, 6, 14))
