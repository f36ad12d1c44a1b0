"""The booking form's checks, its read-back, and handing the request to the clinic."""
from __future__ import annotations

from datetime import datetime, timedelta

from actions.booking import ActionAskBookingConfirmed, ActionSubmitBooking, ValidateBookingForm
from bot.clinic.database import get_engine
from bot.clinic.appointments import AppointmentDetails
from bot.clinic.patient_requests import request_appointment
from bot.clinic.staff import list_appointments
from bot.language.en.dates import describe_slot
from tests.actions.conftest import make_tracker, responses, run, slot_values

FORM = "booking_form"


def next_open_day(settings, days_ahead: int = 7) -> datetime:
    day = datetime.now(settings.timezone).date() + timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=settings.timezone)


def validate(domain, requested: str, text: str, value=None, slots=None, intent="inform"):
    tracker = make_tracker(
        text, intent=intent, slots={"requested_slot": requested, **(slots or {})},
        new_slots={requested: text if value is None else value}, active_loop=FORM,
    )
    dispatcher, events = run(ValidateBookingForm(), tracker, domain)
    return responses(dispatcher), slot_values(events), dispatcher


def test_a_real_name_is_kept_and_tidied(domain):
    said, slots, _ = validate(domain, "patient_name", "it's mary o'brien")
    assert said == [] and slots["patient_name"] == "Mary O'Brien"


def test_a_sentence_is_not_a_name(domain):
    said, slots, _ = validate(domain, "patient_name", "I want to book an appointment for my feet")
    assert said == ["utter_invalid_name"] and slots["patient_name"] is None


def test_phone_is_stored_in_e164(domain):
    said, slots, _ = validate(domain, "patient_phone", "my cell is (617) 555-0199")
    assert said == [] and slots["patient_phone"] == "+16175550199"


def test_a_phone_number_that_cannot_be_real_is_asked_again(domain):
    said, slots, _ = validate(domain, "patient_phone", "123-456-7890")
    assert said == ["utter_invalid_phone"] and slots["patient_phone"] is None


def test_repeated_misses_offer_a_staff_call(domain):
    said, slots, _ = validate(domain, "patient_phone", "12", slots={"failed_answers": 2.0})
    assert said == ["utter_offer_staff_call"] and slots["failed_answers"] == 0.0


def test_a_free_time_is_accepted_in_the_clinics_timezone(domain, clinic):
    start = next_open_day(clinic)
    said, slots, _ = validate(domain, "preferred_time", f"{start:%A %B} {start.day} at 10am")
    assert said == []
    assert datetime.fromisoformat(slots["appointment_start"]) == start
    assert slots["preferred_time"] == describe_slot(start, datetime.now(clinic.timezone))


def test_a_past_date_is_refused_kindly(domain):
    said, slots, _ = validate(domain, "preferred_time", "yesterday at 10am")
    assert said == ["utter_time_past"] and slots["preferred_time"] is None


def test_an_impossible_date_is_refused(domain):
    said, _, _ = validate(domain, "preferred_time", "february 30 at 10")
    assert said == ["utter_time_impossible_date"]


def test_a_closed_day_offers_the_nearest_free_times(domain, clinic):
    start = next_open_day(clinic)
    saturday = start + timedelta(days=(5 - start.weekday()))
    said, _, dispatcher = validate(domain, "preferred_time", f"{saturday:%B} {saturday.day} at 10am")
    assert said == ["utter_time_closed_day"]
    assert len(dispatcher.messages[0]["buttons"]) == 3


def test_a_time_outside_opening_hours_is_refused(domain, clinic):
    start = next_open_day(clinic)
    said, _, _ = validate(domain, "preferred_time", f"{start:%B} {start.day} at 7pm")
    assert said == ["utter_time_outside_hours"]


def test_a_taken_slot_offers_the_nearest_free_ones(domain, clinic):
    start = next_open_day(clinic)
    request_appointment(get_engine(), AppointmentDetails("Ann Other", "+12025550143", start), clinic)
    said, slots, dispatcher = validate(domain, "preferred_time", f"{start:%B} {start.day} at 10am")
    assert said == ["utter_time_taken"] and slots["preferred_time"] is None
    offered = [button["payload"] for button in dispatcher.messages[0]["buttons"]]
    assert describe_slot(start, datetime.now(clinic.timezone)) not in offered
    assert len(offered) == 3


def test_a_question_instead_of_a_reason_is_left_for_the_faq_rule(domain):
    tracker = make_tracker("how long does a session take?", intent="faq",
                           slots={"requested_slot": "visit_reason"}, active_loop=FORM)
    _, events = run(ValidateBookingForm(), tracker, domain)
    assert "visit_reason" not in slot_values(events)


def test_a_reason_may_be_skipped(domain):
    tracker = make_tracker("skip", slots={"requested_slot": "visit_reason"}, active_loop=FORM)
    _, events = run(ValidateBookingForm(), tracker, domain)
    assert slot_values(events)["visit_reason"] == ""


def test_no_to_the_summary_asks_which_detail_then_clears_only_that(domain):
    said, slots, _ = validate(domain, "booking_confirmed", "no", value=False, intent="deny")
    assert slots["correcting_detail"] is True and slots["booking_confirmed"] is None
    said, slots, _ = validate(domain, "detail_to_change", "the phone number", slots={"correcting_detail": True})
    assert slots["patient_phone"] is None and slots["correcting_detail"] is False
    assert "patient_name" not in slots


def test_no_naming_the_detail_clears_it_at_once(domain):
    _, slots, _ = validate(domain, "booking_confirmed", "no, the time is wrong", value=False, intent="deny")
    assert slots["preferred_time"] is None and "correcting_detail" not in slots


def filled_booking(clinic) -> dict:
    start = next_open_day(clinic)
    return {
        "patient_name": "Mary Jones", "patient_phone": "+16175550199",
        "preferred_time": describe_slot(start), "appointment_start": start.isoformat(),
        "visit_reason": "burning feet", "patient_status": "new", "contact_consent": True,
        "patient_email": "", "booking_confirmed": True,
    }


def test_the_summary_reads_back_every_detail(domain, clinic):
    dispatcher, _ = run(ActionAskBookingConfirmed(), make_tracker(slots=filled_booking(clinic)), domain)
    summary = dispatcher.messages[0]["summary"]
    assert "Mary Jones" in summary and "(617) 555-0199" in summary and "burning feet" in summary


def test_submitting_stores_a_proposed_request_and_gives_a_reference(domain, clinic):
    dispatcher, events = run(ActionSubmitBooking(), make_tracker(slots=filled_booking(clinic)), domain)
    [stored] = list_appointments(get_engine(), settings=clinic)
    assert stored.status == "proposed" and stored.name == "Mary Jones"
    assert dispatcher.messages[0]["response"] == "utter_booking_requested"
    assert dispatcher.messages[0]["reference"] == stored.reference
    assert slot_values(events)["booking_reference"] == stored.reference
    assert slot_values(events)["appointment_start"] is None  # the form is cleared for next time


def test_a_slot_taken_at_the_last_moment_reopens_the_time_question(domain, clinic):
    booking = filled_booking(clinic)
    start = datetime.fromisoformat(booking["appointment_start"])
    request_appointment(get_engine(), AppointmentDetails("Ann Other", "+12025550143", start), clinic)
    dispatcher, events = run(ActionSubmitBooking(), make_tracker(slots=booking), domain)
    assert responses(dispatcher) == ["utter_time_taken"]
    assert any(e["event"] == "followup" and e["name"] == "booking_form" for e in events)
    assert len(list_appointments(get_engine(), settings=clinic)) == 1
