"""bot.dialogue.times.the_offer_meant: which offered slot a patient's words pick."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.dialogue.times import the_offer_meant
from bot.dialogue.turns import Clinic


@pytest.fixture
def clinic(engine, settings, now):
    return Clinic(engine, settings, now, "web-1")


def test_a_weekday_and_time_pick_the_button_that_shows_them_even_today(clinic, now):
    # Found by the outside check: on a Tuesday, "tues 10:30am" with "Tuesday ... at 10:30 am" on
    # a button was read as the next Tuesday.
    today = now.replace(hour=11, minute=30)  # a Monday in the fixture
    offered = [today, today + timedelta(days=1, hours=2), today + timedelta(days=3)]
    assert the_offer_meant("mon 11:30am", offered, clinic) == today
    assert the_offer_meant("monday 1130", offered, clinic) == today


def test_a_date_named_is_not_overruled_by_a_button(clinic, now):
    today = now.replace(hour=11, minute=30)
    offered = [today, today + timedelta(days=1)]
    assert (
        the_offer_meant(
            f"monday {(today + timedelta(days=7)):%B} {(today + timedelta(days=7)).day} at 11:30", offered, clinic
        )
        is None
    )
    assert the_offer_meant("next monday at 11:30", offered, clinic) is None


def test_nothing_on_the_buttons_fits(clinic, now):
    assert the_offer_meant("friday at 4pm", [now.replace(hour=11)], clinic) is None
    assert isinstance(now, datetime)


def test_a_weekday_with_a_part_of_day_picks_only_a_button_inside_it(clinic, now):
    # "Thursday afternoon, he can't do mornings" with a Thursday 9 am button: not that button.
    monday_morning = now.replace(hour=9, minute=0)
    offered = [monday_morning + timedelta(days=3), monday_morning + timedelta(days=4)]
    assert the_offer_meant("thursday afternoon, he can't do mornings", offered, clinic) is None
    assert the_offer_meant("thursday morning", offered, clinic) == offered[0]


def test_an_open_wish_picks_no_button_even_when_only_one_fits(clinic, now):
    # Found by a fresh-clone run after 3 pm in the clinic's time: "after 3", with one of the three
    # buttons after 3 pm, silently booked that one instead of offering the free times after 3.
    afternoon = now.replace(hour=16, minute=30)
    offered = [afternoon, afternoon + timedelta(days=1, hours=-7), afternoon + timedelta(days=1, hours=-6)]
    assert the_offer_meant("after 3", offered, clinic) is None
    assert the_offer_meant("mornings", [afternoon + timedelta(days=1, hours=-7)], clinic) is None
