"""What patients are told about the clinic comes from the settings, and nothing is invented
when a setting is empty (bot/language/en/clinic_facts.py)."""

from __future__ import annotations

import os
from dataclasses import replace
from unittest import mock

import pytest

from bot.language.en import clinic_facts
from bot.language.en.dates import clock, describe_opening_hours
from bot.settings import parse_opening_hours, settings_from_environment


@pytest.mark.parametrize("value", [None, "", "   "])
def test_no_opening_hours_set_means_none_told(value):
    environment = {k: v for k, v in os.environ.items() if k != "OPENING_HOURS"}
    if value is not None:
        environment["OPENING_HOURS"] = value
    with mock.patch.dict(os.environ, environment, clear=True), mock.patch("bot.settings.load_dotenv"):
        settings = replace(settings_from_environment(), clinic_phone="(555) 010-0199")
    assert settings.opening_hours == {}
    sentences = [
        clinic_facts.hours_text(settings),
        clinic_facts.phone_sentence(settings),
        clinic_facts.contact_text(settings),
        clinic_facts.reach_person_text(settings),
        *clinic_facts.conversation_slots(settings).values(),
    ]
    for sentence in sentences:
        assert "Monday" not in sentence and "9 am" not in sentence
        assert "open ." not in sentence and "()" not in sentence and "  " not in sentence
    assert "(555) 010-0199" in clinic_facts.hours_text(settings)
    assert "call you back" in clinic_facts.hours_text(replace(settings, clinic_phone=""))


def test_set_opening_hours_are_told_in_words(settings):
    settings = replace(settings, opening_hours=parse_opening_hours("mon-thu 08:30-17:00; fri 09:00-13:00"))
    assert clinic_facts.hours_text(settings) == (
        "The clinic is open Monday to Thursday, 8:30 am to 5 pm; Friday, 9 am to 1 pm."
    )
    assert "(Monday to Thursday" in clinic_facts.reach_person_text(replace(settings, clinic_phone="555"))


def test_one_clock_for_every_time_a_patient_reads():
    from datetime import time

    assert [clock(time(h, m)) for h, m in [(0, 0), (9, 0), (12, 0), (13, 30), (23, 5)]] == [
        "12 am",
        "9 am",
        "12 pm",
        "1:30 pm",
        "11:05 pm",
    ]
    assert describe_opening_hours({}) == ""
