"""The staff call a form offers after repeated misses (bot/dialogue/turns.py): the offer holds
for the patient's next message only, in the booking and the lookup forms alike."""

from __future__ import annotations

import pytest

from bot.dialogue.booking import booking_turn
from bot.dialogue.lookup import lookup_turn
from bot.dialogue.turns import Clinic, Message

FORMS = [(booking_turn, "patient_status"), (lookup_turn, "lookup_reference")]
OFFER_PENDING = {"staff_call": "offered", "lookup_purpose": "check"}


@pytest.fixture
def clinic(engine, settings, now):
    return Clinic(engine, settings, now, "web-1")


@pytest.mark.parametrize("turn, asked", FORMS, ids=["booking", "lookup"])
def test_the_offer_is_forgotten_when_the_form_comes_back_after_an_interruption(clinic, turn, asked):
    """A question answered in between: the next "yes" answers the form's question, not the offer."""
    back = turn({**OFFER_PENDING, "requested_slot": asked}, None, clinic)
    assert back.changes["staff_call"] is None and back.ask is not None


@pytest.mark.parametrize("turn, asked", FORMS, ids=["booking", "lookup"])
def test_a_yes_that_starts_a_form_is_not_a_yes_to_an_old_offer(clinic, turn, asked):
    """ "Would you like to book?" -> "yes" after an earlier call-back: the form starts."""
    started = turn(dict(OFFER_PENDING), Message("yes", "affirm", 0.9), clinic, activating=True)
    assert started.ask is not None and started.changes["staff_call"] is None


@pytest.mark.parametrize("turn, asked", FORMS, ids=["booking", "lookup"])
def test_a_yes_right_after_the_offer_takes_it(clinic, turn, asked):
    taken = turn({**OFFER_PENDING, "requested_slot": asked}, Message("yes please", "affirm", 0.9), clinic)
    assert taken.ask is None and taken.changes["staff_call"] == "wanted"
