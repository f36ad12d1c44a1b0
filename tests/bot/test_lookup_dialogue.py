"""bot.dialogue.lookup: checking, moving and cancelling, turn by turn, on a real database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.clinic.appointments import AppointmentDetails
from bot.clinic.patient_requests import find_appointment, request_appointment
from bot.dialogue.lookup import lookup_turn
from bot.dialogue.turns import Clinic, Message

PHONE = "+16175550199"


@pytest.fixture
def clinic(engine, settings, now):
    return Clinic(engine, settings, now, "web-1")


@pytest.fixture
def booked(engine, settings, now):
    start = (now + timedelta(days=2)).replace(hour=10, minute=0)
    return request_appointment(
        engine, AppointmentDetails("Mary Jones", PHONE, start, conversation_id="web-0"), settings, now
    )


class Lookup:
    def __init__(self, clinic: Clinic, purpose: str) -> None:
        self.clinic, self.slots, self.first = clinic, {"lookup_purpose": purpose}, True

    def say(self, text: str, intent: str = "inform") -> list[str]:
        turn = lookup_turn(self.slots, Message(text, intent, 0.9), self.clinic, activating=self.first)
        self.first = False
        if turn.leave:
            return ["<interruption>"]
        self.slots.update(turn.changes)
        self.slots["requested_slot"] = turn.ask
        return [s.response for s in turn.say]


def test_without_the_code_the_phone_and_name_find_the_visit_and_nothing_is_shown_before(clinic, booked):
    chat = Lookup(clinic, "cancel")
    assert chat.say("I need to cancel my appointment", "cancel_appointment") == ["utter_lookup_ask_lookup_reference"]
    assert chat.say("I don't have the reference code", "out_of_scope") == [
        "utter_lookup_without_code",
        "utter_lookup_ask_patient_phone",
    ]
    assert chat.say("617 555 0199") == ["utter_lookup_ask_lookup_secret"]  # the phone alone shows nothing
    assert chat.say("Mary Jones") == ["utter_ask_confirm_cancel"]
    assert chat.slots["lookup_reference"] == booked.reference


def test_without_the_code_the_day_is_not_enough(clinic, booked, settings):
    """A weekday is guessed in a few tries (an outside check did it in three): only the name."""
    chat = Lookup(clinic, "check")
    chat.say("is my appointment confirmed?", "check_appointment")
    chat.say("lost it")
    chat.say("617-555-0199")
    day = booked.start.astimezone(settings.timezone)
    for guess in (f"{day:%B} {day.day}", f"{day:%A}"):
        assert chat.say(guess) == ["utter_lookup_ask_lookup_secret"]
    assert chat.slots.get("lookup_verified") is not True
    assert chat.say("Mary Jones") == []
    assert chat.slots["lookup_verified"] is True


def test_a_wrong_name_says_the_same_as_a_wrong_code(clinic, booked):
    chat = Lookup(clinic, "check")
    chat.say("check my appointment", "check_appointment")
    chat.say("no code")
    chat.say("617-555-0199")
    assert chat.say("Mary Smith") == ["utter_appointment_not_found", "utter_lookup_ask_patient_phone"]
    assert not chat.slots.get("lookup_verified")


def test_ok_then_just_cancel_it_cancels(clinic, booked):
    chat = Lookup(clinic, "cancel")
    chat.say("cancel my appointment", "cancel_appointment")
    chat.say(booked.reference)
    chat.say("617-555-0199")
    assert chat.say("ok then just cancel it", "stop") == []
    assert chat.slots["change_confirmed"] is True and chat.slots["requested_slot"] is None


@pytest.mark.parametrize("text, intent", [("maybe", "deny"), ("hmm", "nlu_fallback")])
def test_maybe_to_cancelling_asks_again_plainly(clinic, booked, text, intent):
    chat = Lookup(clinic, "cancel")
    chat.say("cancel my appointment", "cancel_appointment")
    chat.say(booked.reference)
    chat.say("617-555-0199")
    assert chat.say(text, intent) == ["utter_ask_confirm_cancel"]
    assert chat.slots.get("change_confirmed") is None


def test_moving_offers_free_times_and_takes_the_one_picked(clinic, booked, engine, settings):
    chat = Lookup(clinic, "reschedule")
    chat.say("move my appointment", "reschedule_appointment")
    chat.say(booked.reference)
    assert chat.say("617-555-0199") == ["utter_lookup_ask_preferred_time"]
    assert chat.say("next week sometime") == ["utter_time_offer"]
    picked = chat.slots["offered_times"][1]
    assert chat.say("the second one") == ["utter_ask_confirm_move"]
    assert chat.slots["appointment_start"] == picked


def test_a_new_booking_from_inside_a_lookup(clinic):
    chat = Lookup(clinic, "reschedule")
    chat.say("can I move my appointment", "reschedule_appointment")
    assert chat.say("book a new appointment for tomorrow morning", "reschedule_appointment") == []
    assert chat.slots["start_new_booking"] is True and chat.slots["requested_slot"] is None


def test_stop_forgets_the_lookup(clinic, booked):
    chat = Lookup(clinic, "check")
    chat.say("check my appointment", "check_appointment")
    chat.say(booked.reference)
    assert chat.say("never mind", "stop") == ["utter_form_stopped"]
    assert chat.slots["lookup_reference"] is None and chat.slots["requested_slot"] is None


def test_after_a_few_misses_even_the_right_details_are_refused(clinic, booked, settings):
    chat = Lookup(clinic, "check")
    chat.say("check my appointment", "check_appointment")
    for attempt in range(settings.identity_check_max_failures):
        chat.say(booked.reference)
        said = chat.say(f"202 555 014{attempt}")
    assert said == ["utter_lookup_locked"] and chat.slots["requested_slot"] is None
    again = Lookup(Clinic(clinic.engine, settings, clinic.now, "web-other"), "check")
    again.say("check my appointment", "check_appointment")
    again.say(booked.reference)
    assert again.say("617-555-0199") == ["utter_lookup_locked"]  # counted per code, on every server
    assert find_appointment(clinic.engine, booked.reference, PHONE, settings).status == "proposed"


def test_a_question_in_the_middle_is_left_to_the_rules(clinic):
    chat = Lookup(clinic, "check")
    chat.say("check my appointment", "check_appointment")
    assert chat.say("what are your opening hours?", "faq") == ["<interruption>"]


@pytest.mark.parametrize(
    "purpose, title, confirmed",
    [
        ("cancel", "Yes, cancel it", True),
        ("cancel", "No, keep it", False),
        ("reschedule", "Yes, move it", True),
        ("reschedule", "No, keep it as it is", False),
    ],
)
def test_a_typed_button_title_is_that_button(clinic, booked, purpose, title, confirmed):
    chat = Lookup(clinic, purpose)
    chat.say("my appointment", f"{purpose}_appointment")
    chat.say(booked.reference)
    chat.say("617-555-0199")
    if purpose == "reschedule":
        chat.say("the first one")
    assert chat.say(title, "faq") == []
    assert chat.slots["change_confirmed"] is confirmed


def test_i_dont_have_it_typed_is_the_no_code_button(clinic):
    chat = Lookup(clinic, "check")
    chat.say("check my appointment", "check_appointment")
    assert chat.say("I don't have it", "out_of_scope") == [
        "utter_lookup_without_code",
        "utter_lookup_ask_patient_phone",
    ]
