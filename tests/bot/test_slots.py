from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clinic.opening_hours import SlotProblem, check_start, slots_on

NY = ZoneInfo("America/New_York")


def ny(*args: int) -> datetime:
    return datetime(*args, tzinfo=NY)


def test_a_weekday_has_half_hour_slots_from_opening_to_closing(settings):
    slots = slots_on(date(2026, 3, 2), settings)

    assert len(slots) == 16
    assert slots[0] == ny(2026, 3, 2, 9, 0)
    assert slots[-1] == ny(2026, 3, 2, 16, 30)
    assert all(s.tzinfo is NY for s in slots)


def test_closed_days_have_no_slots(settings):
    assert slots_on(date(2026, 3, 7), settings) == []  # Saturday
    assert slots_on(date(2026, 3, 8), settings) == []  # Sunday


def test_slot_length_comes_from_settings(settings):
    slots = slots_on(date(2026, 3, 2), replace(settings, slot_minutes=45))

    assert [s.time() for s in slots[:3]] == [time(9, 0), time(9, 45), time(10, 30)]
    assert slots[-1].time() == time(15, 45)  # 16:30 would end after closing


def test_wall_clock_times_stay_put_across_the_dst_change(settings):
    before = slots_on(date(2026, 3, 6), settings)  # Friday, EST
    after = slots_on(date(2026, 3, 9), settings)  # Monday, EDT

    assert [s.time() for s in before] == [s.time() for s in after]
    assert before[0].astimezone(UTC).hour == 14
    assert after[0].astimezone(UTC).hour == 13
    assert before[0].utcoffset() == timedelta(hours=-5)
    assert after[0].utcoffset() == timedelta(hours=-4)


def test_times_skipped_by_dst_are_not_slots(settings):
    night = replace(settings, opening_hours={6: (time(1, 0), time(4, 0))})

    slots = slots_on(date(2026, 3, 8), night)  # 02:00-03:00 does not exist that night

    assert [s.time() for s in slots] == [time(1, 0), time(1, 30), time(3, 0), time(3, 30)]


def test_a_valid_slot_has_no_problem(settings, now):
    assert check_start(ny(2026, 3, 3, 10, 0), now, settings) is None
    assert check_start(ny(2026, 3, 9, 9, 0), now, settings) is None  # after the DST change
    # The same instant given in UTC is the same slot.
    assert check_start(datetime(2026, 3, 9, 13, 0, tzinfo=UTC), now, settings) is None


@pytest.mark.parametrize(
    "start, problem",
    [
        (ny(2026, 3, 2, 9, 30), SlotProblem.PAST),
        (ny(2026, 3, 2, 10, 0), SlotProblem.PAST),  # starting right now is too late
        (ny(2026, 3, 7, 10, 0), SlotProblem.CLOSED_DAY),
        (ny(2026, 3, 3, 8, 30), SlotProblem.OUTSIDE_HOURS),
        (ny(2026, 3, 3, 17, 0), SlotProblem.OUTSIDE_HOURS),
        (ny(2026, 3, 3, 16, 45), SlotProblem.OUTSIDE_HOURS),  # would end after closing
        (ny(2026, 3, 3, 10, 15), SlotProblem.NOT_ON_SLOT),
        (ny(2026, 3, 3, 10, 0) + timedelta(seconds=1), SlotProblem.NOT_ON_SLOT),
        (ny(2026, 6, 2, 10, 0), SlotProblem.TOO_FAR),  # 92 days ahead
    ],
)
def test_unbookable_starts_name_their_problem(settings, now, start, problem):
    assert check_start(start, now, settings) is problem


def test_the_last_day_of_the_horizon_is_bookable(settings, now):
    assert check_start(ny(2026, 5, 29, 10, 0), now, settings) is None  # 88 days, a Friday
    assert check_start(ny(2026, 5, 29, 10, 0), now, replace(settings, booking_horizon_days=80)) is SlotProblem.TOO_FAR


def test_naive_times_are_refused(settings, now):
    with pytest.raises(ValueError):
        check_start(datetime(2026, 3, 3, 10, 0), now, settings)
