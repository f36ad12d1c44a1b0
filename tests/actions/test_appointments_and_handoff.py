"""Checking, moving and cancelling need the code and the phone; call-backs reach the staff."""

from __future__ import annotations

from datetime import timedelta

from actions.appointments import ActionFinishLookup, ValidateLookupForm
from actions.handoff import ActionSubmitCallback
from bot.clinic.appointments import AppointmentDetails
from bot.clinic.database import get_engine
from bot.clinic.patient_requests import find_appointment, request_appointment
from bot.clinic.staff import list_callbacks
from tests.actions.conftest import make_tracker, responses, run, slot_values
from tests.actions.test_booking import next_open_day

PHONE = "+16175550199"


def booked(clinic) -> str:
    start = next_open_day(clinic)
    return request_appointment(get_engine(), AppointmentDetails("Mary Jones", PHONE, start), clinic).reference


def check_phone(domain, reference: str, phone_text: str, purpose: str = "check"):
    tracker = make_tracker(
        phone_text,
        slots={"requested_slot": "patient_phone", "lookup_reference": reference, "lookup_purpose": purpose},
        new_slots={"patient_phone": phone_text},
        active_loop="lookup_form",
    )
    dispatcher, events = run(ValidateLookupForm(), tracker, domain)
    return responses(dispatcher), slot_values(events)


def test_the_right_code_and_phone_find_the_appointment(domain, clinic):
    said, slots = check_phone(domain, booked(clinic), "617-555-0199")
    assert said == [] and slots["patient_phone"] == PHONE


def test_a_wrong_phone_reveals_nothing_and_clears_both_answers(domain, clinic):
    said, slots = check_phone(domain, booked(clinic), "202-555-0143")
    assert said == ["utter_appointment_not_found", "utter_lookup_ask_lookup_reference"]
    assert slots["patient_phone"] is None and slots["lookup_reference"] is None


def test_an_unknown_code_gets_the_same_answer_as_a_wrong_phone(domain, clinic):
    booked(clinic)
    said, _ = check_phone(domain, "QQQQQQ", "617-555-0199")
    assert said == ["utter_appointment_not_found", "utter_lookup_ask_lookup_reference"]


def test_a_typed_code_is_tidied(domain):
    tracker = make_tracker(
        "my code is k7m-4qx",
        slots={"requested_slot": "lookup_reference"},
        new_slots={"lookup_reference": "k7m-4qx"},
        active_loop="lookup_form",
    )
    _, events = run(ValidateLookupForm(), tracker, domain)
    assert slot_values(events)["lookup_reference"] == "K7M4QX"


def test_cancelling_frees_the_slot(domain, clinic):
    reference = booked(clinic)
    tracker = make_tracker(
        "yes",
        intent="affirm",
        slots={
            "lookup_reference": reference,
            "patient_phone": PHONE,
            "lookup_purpose": "cancel",
            "change_confirmed": True,
            "lookup_verified": True,
        },
    )
    dispatcher, _ = run(ActionFinishLookup(), tracker, domain)
    assert responses(dispatcher) == ["utter_appointment_cancelled"]
    assert find_appointment(get_engine(), reference, PHONE, clinic).status == "cancelled"
    # The same time can be booked again.
    start = next_open_day(clinic)
    request_appointment(get_engine(), AppointmentDetails("Ann Other", "+12025550143", start), clinic)


def test_moving_keeps_the_reference_and_changes_the_time(domain, clinic):
    reference = booked(clinic)
    new_start = next_open_day(clinic) + timedelta(hours=4)
    tracker = make_tracker(
        "yes",
        intent="affirm",
        slots={
            "lookup_reference": reference,
            "patient_phone": PHONE,
            "lookup_purpose": "reschedule",
            "change_confirmed": True,
            "appointment_start": new_start.isoformat(),
            "lookup_verified": True,
        },
    )
    dispatcher, _ = run(ActionFinishLookup(), tracker, domain)
    assert responses(dispatcher) == ["utter_appointment_moved"]
    assert find_appointment(get_engine(), reference, PHONE, clinic).start == new_start


def test_no_to_the_change_leaves_the_appointment_alone(domain, clinic):
    reference = booked(clinic)
    tracker = make_tracker(
        "no",
        intent="deny",
        slots={
            "lookup_reference": reference,
            "patient_phone": PHONE,
            "lookup_purpose": "cancel",
            "change_confirmed": False,
            "lookup_verified": True,
        },
    )
    dispatcher, _ = run(ActionFinishLookup(), tracker, domain)
    assert responses(dispatcher) == ["utter_nothing_changed"]
    assert find_appointment(get_engine(), reference, PHONE, clinic).status == "proposed"


def test_a_call_back_request_lands_in_the_staff_queue(domain, clinic):
    tracker = make_tracker(
        "mornings",
        slots={
            "patient_name": "Anne Lee",
            "patient_phone": "+12025550143",
            "callback_reason": "insurance",
            "callback_time": "mornings",
        },
        sender="web-123",
    )
    dispatcher, _ = run(ActionSubmitCallback(), tracker, domain)
    assert responses(dispatcher)[0] == "utter_callback_requested"
    [callback] = list_callbacks(get_engine(), settings=clinic)
    assert (callback.name, callback.phone, callback.reason, callback.preferred_time) == (
        "Anne Lee",
        "+12025550143",
        "insurance",
        "mornings",
    )


def lookup_says(domain, text: str, slots: dict, intent: str = "inform"):
    tracker = make_tracker(text, intent=intent, slots=slots, active_loop="lookup_form")
    dispatcher, events = run(ValidateLookupForm(), tracker, domain)
    return responses(dispatcher), slot_values(events)


def test_repeated_misses_in_the_lookup_offer_a_staff_call_and_a_typed_yes_takes_it(domain):
    asked = {"requested_slot": "lookup_reference", "lookup_purpose": "check"}
    said, slots = lookup_says(domain, "banana", {**asked, "failed_answers": 2.0})
    assert said == ["utter_offer_staff_call"] and slots["staff_call"] == "offered"
    said, slots = lookup_says(domain, "yes please", {**asked, "staff_call": "offered"}, intent="affirm")
    assert said == [] and slots["staff_call"] == "wanted" and slots["requested_slot"] is None
    _, events = run(ActionFinishLookup(), make_tracker("yes", slots={"staff_call": "wanted"}), domain)
    assert [e.get("name") for e in events if e.get("event") == "followup"] == ["callback_form"]


def test_a_no_to_the_lookup_staff_call_asks_for_the_code_again(domain):
    asked = {"requested_slot": "lookup_reference", "lookup_purpose": "check", "staff_call": "offered"}
    said, slots = lookup_says(domain, "no", asked, intent="deny")
    assert said == ["utter_lookup_ask_lookup_reference"] and slots["staff_call"] is None
