"""One name for each thing: the slots, responses, intents and actions the code names (bot/dialogue/,
actions/) against domain.yml and the rules, so that neither can drift from the other."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Action

import actions.appointments
import actions.booking
import actions.clarify
import actions.conversation
import actions.handoff
import actions.offers
import actions.session
from actions import names
from bot.clinic import appointment_time
from bot.clinic.opening_hours import SlotProblem
from bot.dialogue import booking, lookup, turns
from bot.language.en import dates

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
RESPONSES = {
    name
    for path in (ROOT / "data" / "en" / "responses").glob("*.yml")
    for name in yaml.safe_load(path.read_text())["responses"]
}
SLOTS = set(DOMAIN["slots"]) | {"requested_slot"}
RULES = [
    rule
    for path in ("rules.yml", "forms.yml", "interruptions.yml")
    for rule in yaml.safe_load((ROOT / "data" / "dialogue" / path).read_text())["rules"]
]


def test_the_booking_forms_questions_are_the_domains():
    assert DOMAIN["forms"]["booking_form"]["required_slots"] == [*booking.QUESTIONS, booking.DETAIL]


def test_the_lookup_forms_questions_are_the_domains():
    asked = set()
    for purpose in (lookup.CHECK, lookup.RESCHEDULE, lookup.CANCEL):
        for without_code in (False, True):
            asked |= set(lookup._questions({lookup.PURPOSE: purpose, lookup.WITHOUT_CODE: without_code}))
    assert asked == set(DOMAIN["forms"]["lookup_form"]["required_slots"])


@pytest.mark.parametrize(
    "slot",
    sorted(
        {
            *booking.BOOKING_SLOTS,
            *lookup.LOOKUP_SLOTS,
            lookup.NEW_BOOKING,
            names.BOOKING_REFERENCE,
            names.JUST_BOOKED,
            names.BOOKED_WITH_CONTACT,
            names.LAST_FAQ_TOPIC,
            *names.CALLBACK_SLOTS,
            *names.CLINIC_FACT_SLOTS,
        }
    ),
)
def test_every_slot_the_code_names_is_in_the_domain(slot):
    assert slot in SLOTS


def test_the_forms_read_their_own_answers():
    """Rasa itself fills and asks nothing for the booking and lookup forms: their slots are
    custom, and no response or action would make Rasa ask a question a second time."""
    for form in ("booking_form", "lookup_form"):
        for slot in DOMAIN["forms"][form]["required_slots"]:
            mappings = DOMAIN["slots"][slot]["mappings"]
            assert all(
                m["type"] == "custom" or any(c.get("active_loop") == "callback_form" for c in m.get("conditions", []))
                for m in mappings
            ), slot
            for name in (
                f"utter_ask_{form}_{slot}",
                f"utter_ask_{slot}",
                f"action_ask_{form}_{slot}",
                f"action_ask_{slot}",
            ):
                assert name not in RESPONSES and name not in DOMAIN["actions"], name


def booking_responses() -> set[str]:
    said = {booking.question(slot) for slot in (*booking.QUESTIONS, booking.DETAIL)}
    said |= {booking.reask(slot) for slot in booking.REASKED}
    said |= {
        *booking.INVALID.values(),
        *booking.NEEDED.values(),
        booking.INTRO,
        booking.NOTED,
        booking.SORRY,
        booking.STOPPED,
        booking.TOO_MANY,
        booking.STAFF_CALL,
        *booking.NOT_A_MISS,
    }
    kinds = {
        dates.NO_DATE,
        dates.NO_DAY,
        dates.IMPOSSIBLE_DATE,
        dates.IMPOSSIBLE_TIME,
        dates.PAST,
        dates.AMBIGUOUS,
        *(p.value for p in SlotProblem),
        appointment_time.TAKEN,
        appointment_time.DAY_FULL,
        appointment_time.OFFER,
        appointment_time.NONE_FIT,
    }
    return said | {f"utter_time_{kind}" for kind in kinds}


def lookup_responses() -> set[str]:
    said = {lookup.question(slot) for slot in (lookup.REFERENCE, lookup.PHONE, lookup.SECRET, lookup.TIME)}
    return said | {
        lookup.STOPPED,
        lookup.LOCKED_OUT,
        lookup.NOT_FOUND_REPLY,
        lookup.WITHOUT_CODE_REPLY,
        lookup.STAFF_CALL,
        *lookup.CONFIRM_QUESTION.values(),
        "utter_invalid_reference",
        "utter_invalid_phone",
    }


@pytest.mark.parametrize("response", sorted(booking_responses() | lookup_responses()))
def test_every_response_the_dialogue_says_is_in_the_domain(response):
    assert response in RESPONSES


def test_every_response_an_action_names_is_in_the_domain():
    for module in (actions.booking, actions.appointments, actions.conversation, actions.offers, actions.handoff):
        source = inspect.getsource(module)
        for word in source.replace("'", '"').split('"'):
            if word.startswith("utter_") and word != "utter_action" and word.isidentifier():
                assert word in RESPONSES, f"{module.__name__}: {word}"


def test_every_custom_action_is_in_the_domain_and_the_other_way_round():
    defined = set()
    for module in (
        actions.appointments,
        actions.booking,
        actions.clarify,
        actions.conversation,
        actions.handoff,
        actions.offers,
        actions.session,
    ):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Action) and cls.__module__ == module.__name__:
                defined.add(cls().name())
    assert defined == set(DOMAIN["actions"])


@pytest.mark.parametrize("intent", sorted(turns.INTERRUPTING_INTENTS | turns.LOOKUP_INTENTS))
def test_every_intent_the_dialogue_names_is_in_the_domain(intent):
    assert intent in DOMAIN["intents"]


def rule_for(form: str, intent: str) -> bool:
    for rule in RULES:
        conditions = rule.get("condition") or []
        steps = rule.get("steps") or []
        if {"active_loop": form} in conditions and steps and steps[0].get("intent") == intent:
            return True
    return False


@pytest.mark.parametrize("form", ["booking_form", "lookup_form"])
@pytest.mark.parametrize("intent", sorted(turns.INTERRUPTING_INTENTS))
def test_every_interruption_a_form_leaves_to_the_rules_has_its_rule(form, intent):
    assert rule_for(form, intent), f"no rule for {intent} in {form} (data/dialogue/interruptions.yml)"


@pytest.mark.parametrize("intent", sorted(turns.LOOKUP_INTENTS))
def test_asking_about_another_visit_while_booking_has_its_rule(intent):
    assert rule_for("booking_form", intent)


def test_conversations_forget_what_they_gathered_when_the_session_ends():
    """After the session timeout nothing carries over to the next person at the computer."""
    config = DOMAIN["session_config"]
    assert config["carry_over_slots_to_new_session"] is False and 0 < config["session_expiration_time"] <= 60
