"""The booking form's action (each turn read by bot/dialogue/booking.py) and handing the
request to the clinic, with a real Tracker and CollectingDispatcher.

`Chat` plays a whole booking as Rasa would: the form's validation on each message, then
action_submit_booking once the form ends; it keeps the slots between turns.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.booking import ActionSubmitBooking, ValidateBookingForm
from bot.clinic.appointments import AppointmentDetails
from bot.clinic.database import get_engine
from bot.clinic.patient_requests import request_appointment
from bot.clinic.staff import list_appointments
from bot.language.en.dates import describe_slot
from tests.actions.conftest import make_tracker, responses, run, slot_values

FORM = "booking_form"


def next_open_day(settings, days_ahead: int = 7, hour: int = 10) -> datetime:
    day = datetime.now(settings.timezone).date() + timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=settings.timezone)


def in_words(start: datetime) -> str:
    return f"{start:%A %B} {start.day} at {start.hour % 12 or 12}{'am' if start.hour < 12 else 'pm'}"


ANSWERED = {  # what a patient has given before each question, in the order they are asked
    "patient_name": "Mary Jones",
    "patient_phone": "+16175550199",
    "preferred_time": "Tuesday, December 1 at 10 am",
    "visit_reason": "burning feet",
    "patient_status": "new",
    "contact_consent": True,
    "patient_email": "",
}


def answered_before(requested: str) -> dict:
    before = {}
    for slot, value in ANSWERED.items():
        if slot == requested:
            break
        before[slot] = value
    if "preferred_time" in before:
        before["appointment_start"] = "2030-12-03T10:00:00-05:00"
    return before


def validate(domain, requested: str, text: str, slots=None, intent="inform", confidence=0.9):
    before = (
        answered_before(requested)
        if requested in ANSWERED
        else dict(ANSWERED, appointment_start="2030-12-03T10:00:00-05:00")
    )
    tracker = make_tracker(
        text, intent=intent, slots={**before, "requested_slot": requested, **(slots or {})}, active_loop=FORM
    )
    tracker.latest_message["intent"]["confidence"] = confidence
    dispatcher, events = run(ValidateBookingForm(), tracker, domain)
    return responses(dispatcher), slot_values(events), dispatcher


class Chat:
    """A booking conversation driven through the actions, as Rasa drives them."""

    def __init__(self, domain: dict, sender: str = "patient-1") -> None:
        self.domain, self.sender = domain, sender
        self.slots: dict[str, Any] = {}
        self.active = False
        self.messages: list[dict] = []

    def say(self, text: str, intent: str = "inform", confidence: float = 0.9) -> list[str]:
        tracker = make_tracker(
            text, intent=intent, slots=self.slots, active_loop=FORM if self.active else None, sender=self.sender
        )
        tracker.latest_message["intent"]["confidence"] = confidence
        if not self.active:  # Rasa marks the form active before its first validation
            tracker.events.append({"event": "active_loop", "name": FORM})
        dispatcher = CollectingDispatcher()
        events = asyncio.run(ValidateBookingForm().run(dispatcher, tracker, self.domain))
        self.messages = list(dispatcher.messages)
        if not events:
            return ["<interruption>"]
        self.active = True
        self.slots.update(slot_values(events))
        if self.slots.get("requested_slot") is None:
            self.active = False
            submit = CollectingDispatcher()
            done = asyncio.run(
                ActionSubmitBooking().run(
                    submit,
                    Tracker(self.sender, self.slots, tracker.latest_message, [], False, None, {}, "booking_form"),
                    self.domain,
                )
            )
            self.slots.update(slot_values(done))
            self.messages += submit.messages
        return [m.get("response") for m in self.messages]

    @property
    def summary(self) -> str:
        return next(m["summary"] for m in self.messages if m.get("response") == "utter_booking_ask_booking_confirmed")

    @property
    def buttons(self) -> list[str]:
        return [b["title"] for m in self.messages for b in m.get("buttons") or []]


def book_up_to_the_summary(chat: Chat, start: datetime) -> None:
    assert chat.say("I'd like to book an appointment", "book_appointment") == [
        "utter_booking_start",
        "utter_booking_ask_patient_name",
    ]
    chat.say("Mary Jones")
    chat.say("617-555-0199")
    chat.say(in_words(start))
    chat.say("burning feet at night")
    chat.say("I'm a new patient")
    chat.say("/affirm", "affirm")
    assert chat.say("skip") == ["utter_booking_ask_booking_confirmed"]


def test_a_real_name_is_kept_and_tidied(domain):
    said, slots, _ = validate(domain, "patient_name", "it's mary o'brien")
    assert said == ["utter_booking_ask_patient_phone"] and slots["patient_name"] == "Mary O'Brien"


def test_a_sentence_is_not_a_name(domain):
    said, slots, _ = validate(domain, "patient_name", "I want to book an appointment please")
    assert said == ["utter_invalid_name"] and slots["requested_slot"] == "patient_name"


def test_a_first_name_alone_gets_a_short_specific_reask_not_the_opening(domain):
    said, _, _ = validate(domain, "patient_name", "Maria")
    assert said == ["utter_invalid_name"]


def test_phone_is_stored_in_e164(domain):
    said, slots, _ = validate(domain, "patient_phone", "my cell is (617) 555-0199")
    assert said == ["utter_booking_ask_preferred_time"] and slots["patient_phone"] == "+16175550199"


def test_a_phone_number_that_cannot_be_real_is_asked_again(domain):
    said, slots, _ = validate(domain, "patient_phone", "123-456-7890")
    assert said == ["utter_invalid_phone"] and slots["requested_slot"] == "patient_phone"


def test_skip_on_a_required_question_explains_why_and_never_stops(domain):
    said, slots, _ = validate(domain, "patient_phone", "skip", intent="stop", confidence=0.59)
    assert said == ["utter_phone_needed"] and slots["requested_slot"] == "patient_phone"
    said, _, _ = validate(domain, "patient_name", "skip", intent="stop", confidence=0.59)
    assert said == ["utter_name_needed"]


def test_repeated_misses_offer_a_staff_call(domain):
    said, slots, _ = validate(domain, "patient_phone", "12", slots={"failed_answers": 2.0})
    assert said == ["utter_offer_staff_call"] and slots["failed_answers"] == 0.0
    assert slots["staff_call"] == "offered"


def test_a_typed_yes_to_the_staff_call_ends_the_booking_for_a_call_back(domain):
    said, slots, _ = validate(domain, "patient_status", "yes", slots={"staff_call": "offered"}, intent="affirm")
    assert said == [] and slots["staff_call"] == "wanted" and slots["requested_slot"] is None
    tracker = make_tracker("yes", intent="affirm", slots={"patient_name": "Ann Lee", "staff_call": "wanted"})
    _, events = run(ActionSubmitBooking(), tracker, domain)
    assert {"event": "followup", "name": "callback_form"} in [{k: e.get(k) for k in ("event", "name")} for e in events]
    assert slot_values(events) == {"staff_call": None}  # the name and phone stay for the call-back


def test_a_no_to_the_staff_call_asks_the_question_again(domain):
    said, slots, _ = validate(domain, "patient_status", "no thanks", slots={"staff_call": "offered"}, intent="deny")
    assert said == ["utter_booking_ask_patient_status"] and slots["staff_call"] is None


def test_an_answer_after_the_staff_call_offer_is_taken_and_the_offer_forgotten(domain):
    said, slots, _ = validate(domain, "patient_status", "first time", slots={"staff_call": "offered"})
    assert slots["patient_status"] == "new" and slots["staff_call"] is None


def test_a_free_time_is_accepted_in_the_clinics_timezone(domain, clinic):
    start = next_open_day(clinic)
    said, slots, _ = validate(domain, "preferred_time", in_words(start))
    assert said == ["utter_booking_ask_visit_reason"]
    assert datetime.fromisoformat(slots["appointment_start"]) == start
    assert slots["preferred_time"] == describe_slot(start, datetime.now(clinic.timezone))


def test_the_time_question_offers_the_next_free_slots(domain):
    _, slots, dispatcher = validate(domain, "patient_phone", "617 555 0199")
    assert len(dispatcher.messages[0]["buttons"]) == 3 and len(slots["offered_times"]) == 3


@pytest.mark.parametrize(
    "text",
    [
        "first available",
        "asap",
        "any day is fine",
        "whatever works",
        "this week",
        "next week sometime",
        "mornings",
        "after 3",
        "in two weeks on a morning",
    ],
)
def test_an_open_wish_gets_free_slots_that_fit_as_buttons(domain, text):
    said, slots, dispatcher = validate(domain, "preferred_time", text, intent="goodbye")
    assert said == ["utter_time_offer"], said
    offered = [datetime.fromisoformat(s) for s in slots["offered_times"]]
    assert offered and [b["payload"] for b in dispatcher.messages[0]["buttons"]] == [
        describe_slot(s, datetime.now(s.tzinfo)) for s in offered
    ]
    if text == "mornings":
        assert all(s.hour < 12 for s in offered)
    if text == "after 3":
        assert all(s.hour >= 15 for s in offered)


def test_picking_an_offered_slot_by_its_place(domain, clinic):
    _, slots, _ = validate(domain, "preferred_time", "first available")
    offered = slots["offered_times"]
    said, slots, _ = validate(domain, "preferred_time", "the second one", slots={"offered_times": offered})
    assert said == ["utter_booking_ask_visit_reason"] and slots["appointment_start"] == offered[1]


def test_a_past_date_is_refused_kindly(domain):
    said, slots, _ = validate(domain, "preferred_time", "yesterday at 10am")
    assert said == ["utter_time_past"] and slots["requested_slot"] == "preferred_time"


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
    said, slots, dispatcher = validate(domain, "preferred_time", in_words(start))
    assert said == ["utter_time_taken"] and slots["requested_slot"] == "preferred_time"
    offered = [button["payload"] for button in dispatcher.messages[0]["buttons"]]
    assert describe_slot(start, datetime.now(clinic.timezone)) not in offered
    assert len(offered) == 3


def test_a_question_instead_of_a_reason_is_left_for_the_faq_rule(domain):
    tracker = make_tracker(
        "how long does a session take?", intent="faq", slots={"requested_slot": "visit_reason"}, active_loop=FORM
    )
    _, events = run(ValidateBookingForm(), tracker, domain)
    assert events == []


@pytest.mark.parametrize("text", ["ok lets keep going with the booking then", "continue please"])
def test_asking_to_go_on_is_not_the_reason(domain, text):
    # Found by the outside check: after a question about cost, "ok lets keep going with the
    # booking then" was sent to the clinic as the reason for the visit.
    said, slots, _ = validate(domain, "visit_reason", text, intent="affirm")
    assert "visit_reason" not in slots and said == ["utter_booking_ask_visit_reason"], (said, slots)


def test_a_reason_may_be_skipped(domain):
    said, slots, _ = validate(domain, "visit_reason", "skip", intent="stop", confidence=0.59)
    assert slots["visit_reason"] == "" and said == ["utter_booking_ask_patient_status"]


@pytest.mark.parametrize("text, intent", [("Yes", "affirm"), ("no", "deny"), ("maybe", "deny"), ("ok", "affirm")])
def test_yes_or_no_to_an_either_or_question_gets_it_again_plainly(domain, text, intent):
    said, slots, dispatcher = validate(domain, "patient_status", text, intent=intent)
    assert said == ["utter_booking_reask_patient_status"] and "patient_status" not in slots


@pytest.mark.parametrize(
    "text, intent, status",
    [
        ("First visit", "faq", "new"),
        ("first visit", "faq", "new"),
        ("I've been before", "inform", "returning"),
        ("I'm a new patient", "inform", "new"),
        ("never been", "inform", "new"),
        ("not my first time", "inform", "returning"),
    ],
)
def test_the_status_buttons_typed_or_in_words(domain, text, intent, status):
    _, slots, _ = validate(domain, "patient_status", text, intent=intent)
    assert slots["patient_status"] == status


@pytest.mark.parametrize(
    "text, intent, consent",
    [
        ("/affirm", "affirm", True),
        ("/deny", "deny", False),
        ("sure, text is best", "out_of_scope", True),
        ("yes please", "affirm", True),
        ("no", "deny", False),
        ("please don't call me", "deny", False),
    ],
)
def test_consent_in_words(domain, text, intent, consent):
    _, slots, _ = validate(domain, "contact_consent", text, intent=intent)
    assert slots["contact_consent"] is consent


@pytest.mark.parametrize("text", ["maybe", "not sure", "skip", "I don't know"])
def test_maybe_is_not_consent(domain, text):
    said, slots, _ = validate(domain, "contact_consent", text, intent="deny")
    assert said == ["utter_booking_reask_contact_consent"] and "contact_consent" not in slots


def test_stop_forgets_everything_the_form_gathered(domain):
    said, slots, _ = validate(
        domain,
        "preferred_time",
        "never mind",
        intent="stop",
        slots={"patient_name": "Mary Jones", "patient_phone": "+16175550199"},
    )
    assert said == ["utter_form_stopped"]
    assert slots["patient_name"] is None and slots["patient_phone"] is None and slots["requested_slot"] is None


def test_everything_at_once_is_taken_and_only_the_rest_is_asked(domain, clinic):
    start = next_open_day(clinic, hour=15)
    chat = Chat(domain)
    said = chat.say(f"Hi, I'm John Smith 617-555-0143, want {in_words(start)}, first visit", "inform")
    assert said == ["utter_booking_start", "utter_booking_noted", "utter_booking_ask_visit_reason"]
    assert chat.slots["patient_name"] == "John Smith" and chat.slots["patient_phone"] == "+16175550143"
    assert datetime.fromisoformat(chat.slots["appointment_start"]) == start and chat.slots["patient_status"] == "new"


def test_a_correction_at_another_question_changes_the_right_detail(domain, clinic):
    chat = Chat(domain)
    start = next_open_day(clinic, hour=15)
    chat.say("book", "book_appointment")
    chat.say("Mary Jones")
    chat.say("617-555-0199")
    chat.say(in_words(start))
    said = chat.say("actually make it Friday", "out_of_scope")
    assert said == ["utter_booking_noted", "utter_booking_ask_visit_reason"]  # not taken as the reason
    assert datetime.fromisoformat(chat.slots["appointment_start"]).weekday() == 4
    assert chat.slots.get("visit_reason") is None


def test_thursday_afternoon_when_he_cant_do_mornings_is_an_afternoon(domain):
    _, slots, _ = validate(domain, "preferred_time", "Thursday afternoon, he can't do mornings")
    start = datetime.fromisoformat(slots["appointment_start"])
    assert start.weekday() == 3 and start.hour >= 12


# --- The summary: every detail button, and every detail changed in words ----------------------

NEW_VALUES = {  # detail button payload -> (the new answer, how it reads in the summary, the slot and its stored value)
    "name": ("John Petersen", "Name: John Petersen", "name", "John Petersen"),
    "phone": ("212 555 0100", "Mobile: (212) 555-0100", "phone", "+12125550100"),
    "day and time": (None, "Preferred time:", None, None),
    "reason": ("numb toes", "Reason: numb toes", "reason", "numb toes"),
    "new or returning": ("I've been before", "First visit: no", "new_patient", False),
    "contact permission": ("/deny", "Contact by text or phone: no", "contact_consent", False),
    "email": ("mary@example.com", "Email: mary@example.com", "email", "mary@example.com"),
}


@pytest.mark.parametrize("button", list(NEW_VALUES))
def test_every_detail_button_at_the_summary_asks_that_detail_again_and_keeps_the_rest(domain, clinic, button):
    start, later = next_open_day(clinic), next_open_day(clinic, days_ahead=9, hour=14)
    chat = Chat(domain)
    book_up_to_the_summary(chat, start)
    assert chat.say("/deny", "deny") == ["utter_booking_ask_detail_to_change"]
    buttons = domain["responses"]["utter_booking_ask_detail_to_change"][0]["buttons"]
    assert [b["payload"] for b in buttons] == list(NEW_VALUES)
    asked = chat.say(button, "goodbye" if button == "day and time" else "faq")  # what the classifier made of them
    assert len(asked) == 1 and asked[0].startswith("utter_booking_ask_"), asked
    answer, reads, field, value = NEW_VALUES[button]
    summary = chat.say(answer or in_words(later), "deny" if answer == "/deny" else "inform")
    assert summary == ["utter_booking_ask_booking_confirmed"], summary
    assert reads in chat.summary and ("Mary Jones" in chat.summary or button == "name")
    assert chat.say("/affirm", "affirm") == [
        "utter_booking_requested" if button != "contact permission" else "utter_booking_requested_no_contact"
    ]
    [stored] = list_appointments(get_engine(), clinic)
    if field:
        assert getattr(stored, field) == value
    else:
        assert stored.start == later
    assert stored.reason == ("numb toes" if button == "reason" else "burning feet at night")


IN_WORDS = [  # (what the patient says at the summary, what the summary then reads, the stored field and value)
    ("my name is Marie with an e", "Name: Marie Jones", "name", "Marie Jones"),
    ("actually my number is 212 555 0100", "Mobile: (212) 555-0100", "phone", "+12125550100"),
    ("actually make it {later}", "Preferred time:", None, None),
    ("the reason is numb toes", "Reason: numb toes", "reason", "numb toes"),
    ("I've been there before actually", "First visit: no", "new_patient", False),
    ("please don't call or text me", "Contact by text or phone: no", "contact_consent", False),
    ("my email is mary@example.com", "Email: mary@example.com", "email", "mary@example.com"),
]


@pytest.mark.parametrize("words, reads, field, value", IN_WORDS)
def test_every_detail_changed_in_words_at_the_summary(domain, clinic, words, reads, field, value):
    start, later = next_open_day(clinic), next_open_day(clinic, days_ahead=9, hour=14)
    chat = Chat(domain)
    book_up_to_the_summary(chat, start)
    said = chat.say(words.format(later=in_words(later)), "inform")
    if field == "reason":  # "the reason is..." names the detail: it is asked, then given
        assert said == ["utter_booking_ask_visit_reason"]
        said = chat.say("numb toes")
    assert said == ["utter_booking_ask_booking_confirmed"], said
    assert reads in chat.summary
    chat.say("Yes, send it", "faq")
    [stored] = list_appointments(get_engine(), clinic)
    if field:
        assert getattr(stored, field) == value
    else:
        assert stored.start == later


def test_no_to_the_summary_asks_which_detail_and_nothing_goes_back(domain, clinic):
    chat = Chat(domain)
    book_up_to_the_summary(chat, next_open_day(clinic))
    assert chat.say("no", "deny") == ["utter_booking_ask_detail_to_change"]
    assert chat.say("nothing") == ["utter_booking_ask_booking_confirmed"]


def test_maybe_at_the_summary_asks_again_plainly(domain, clinic):
    chat = Chat(domain)
    book_up_to_the_summary(chat, next_open_day(clinic))
    assert chat.say("maybe", "deny") == ["utter_booking_reask_booking_confirmed"]


def test_no_naming_the_detail_clears_it_at_once(domain, clinic):
    chat = Chat(domain)
    book_up_to_the_summary(chat, next_open_day(clinic))
    said = chat.say("no, the time is wrong", "deny")
    assert said == ["utter_booking_ask_preferred_time"] and chat.slots["appointment_start"] is None
    assert chat.slots["patient_name"] == "Mary Jones"


def test_the_summary_reads_back_every_detail(domain, clinic):
    chat = Chat(domain)
    book_up_to_the_summary(chat, next_open_day(clinic))
    assert "Mary Jones" in chat.summary and "(617) 555-0199" in chat.summary and "burning feet" in chat.summary


def test_submitting_stores_a_proposed_request_gives_a_reference_and_forgets_the_details(domain, clinic):
    chat = Chat(domain)
    book_up_to_the_summary(chat, next_open_day(clinic))
    assert chat.say("yes", "affirm") == ["utter_booking_requested"]
    [stored] = list_appointments(get_engine(), settings=clinic)
    assert stored.status == "proposed" and stored.name == "Mary Jones"
    assert chat.messages[0]["reference"] == stored.reference
    assert chat.slots["booking_reference"] == stored.reference and chat.slots["just_booked"] is True
    assert chat.slots["patient_name"] is None and chat.slots["appointment_start"] is None


def test_without_consent_the_confirmation_promises_no_call_or_text(domain, clinic):
    chat = Chat(domain)
    book_up_to_the_summary(chat, next_open_day(clinic))
    chat.say("don't contact me", "deny")
    assert chat.say("yes", "affirm") == ["utter_booking_requested_no_contact"]
    text = domain["responses"]["utter_booking_requested_no_contact"][0]["text"]
    assert "won't call or text" in text and "will call or text" not in text


def test_a_slot_taken_before_the_yes_reopens_the_time_question(domain, clinic):
    start = next_open_day(clinic)
    chat = Chat(domain)
    book_up_to_the_summary(chat, start)
    request_appointment(get_engine(), AppointmentDetails("Ann Other", "+12025550143", start), clinic)
    assert chat.say("yes", "affirm") == ["utter_time_taken"]
    assert chat.slots["requested_slot"] == "preferred_time" and len(list_appointments(get_engine(), clinic)) == 1


def test_a_slot_taken_at_the_last_moment_reopens_the_time_question(domain, clinic):
    start = next_open_day(clinic)
    booking = {
        "patient_name": "Mary Jones",
        "patient_phone": "+16175550199",
        "preferred_time": describe_slot(start),
        "appointment_start": start.isoformat(),
        "visit_reason": "burning feet",
        "patient_status": "new",
        "contact_consent": True,
        "patient_email": "",
        "booking_confirmed": True,
    }
    request_appointment(get_engine(), AppointmentDetails("Ann Other", "+12025550143", start), clinic)
    dispatcher, events = run(ActionSubmitBooking(), make_tracker(slots=booking), domain)
    assert responses(dispatcher) == ["utter_time_taken"]
    assert any(e["event"] == "followup" and e["name"] == "booking_form" for e in events)
    assert len(list_appointments(get_engine(), settings=clinic)) == 1


def test_a_summary_without_a_time_is_never_sent(domain, clinic):
    booking = {
        "patient_name": "John Petersen",
        "patient_phone": "+16175550199",
        "preferred_time": "Tuesday",
        "appointment_start": None,
        "booking_confirmed": True,
    }
    dispatcher, events = run(ActionSubmitBooking(), make_tracker(slots=booking), domain)
    assert list_appointments(get_engine(), clinic) == []
    assert any(e["event"] == "followup" and e["name"] == "booking_form" for e in events)


def test_too_many_open_requests_from_one_phone_get_a_clear_reply(domain, clinic):
    for days in range(clinic.max_open_requests):
        start = next_open_day(clinic, days_ahead=7 + days)
        request_appointment(get_engine(), AppointmentDetails("Mary Jones", "+16175550199", start), clinic)
    said, slots, _ = validate(domain, "patient_phone", "617 555 0199", slots={"patient_name": "Mary Jones"})
    assert said == ["utter_too_many_requests"] and slots["requested_slot"] is None
    assert slots["patient_name"] is None


def test_too_many_open_requests_from_one_conversation_get_a_clear_reply(domain, clinic):
    for days in range(clinic.max_open_requests):
        start = next_open_day(clinic, days_ahead=7 + days)
        request_appointment(
            get_engine(),
            AppointmentDetails("Mary Jones", f"+1617555010{days}", start, conversation_id="patient-1"),
            clinic,
        )
    assert Chat(domain).say("I'd like to book", "book_appointment") == ["utter_too_many_requests"]


def test_without_opening_hours_nothing_is_booked_and_a_staff_call_is_offered(domain, monkeypatch):
    from bot.settings import get_settings

    monkeypatch.setenv("OPENING_HOURS", "")
    get_settings.cache_clear()
    chat = Chat(domain)
    assert chat.say("I'd like to book an appointment", intent="book_appointment") == ["utter_booking_needs_staff"]
    assert not chat.active and not chat.slots.get("requested_slot")
    [offer] = domain["responses"]["utter_booking_needs_staff"]
    assert [b["payload"] for b in offer["buttons"]] == ["/human_handoff"]


# --- Found by patients played from outside (2026-12-01) ----------------------------------------


def test_a_reason_that_says_its_something_is_not_taken_as_a_name(domain, clinic):
    chat = Chat(domain)
    chat.say("book", "book_appointment")
    chat.say("dorothy kowalski")
    chat.say("508 555 2291")
    chat.say(in_words(next_open_day(clinic)))
    said = chat.say(
        "my feet are numb and burny at night the doctor said its neropathy from the sugar", "share_condition"
    )
    assert "utter_booking_noted" not in said
    assert chat.slots["patient_name"] == "Dorothy Kowalski"
    assert chat.slots["visit_reason"].startswith("my feet are numb")


def test_first_time_answers_the_status_question_and_keeps_the_time(domain, clinic):
    chat = Chat(domain)
    start = next_open_day(clinic)
    chat.say("book", "book_appointment")
    chat.say("Mary Jones")
    chat.say("617-555-0199")
    chat.say(in_words(start))
    chat.say("skip")
    assert chat.say("first time") == ["utter_booking_ask_contact_consent"]
    assert chat.slots["patient_status"] == "new"
    assert datetime.fromisoformat(chat.slots["appointment_start"]) == start


def test_a_day_asked_at_the_name_question_is_not_a_name(domain):
    said, slots, _ = validate(domain, "patient_name", "wait december 1 is today isn't it? I meant the 8th, afternoon")
    assert slots.get("patient_name") is None
    assert said[-1] != "utter_booking_ask_patient_phone"


@pytest.mark.parametrize(
    "text",
    ["booking for my dad Frank Miller", "it's for my mom, Frank Miller", "The appointment is for him - Frank Miller"],
)
def test_a_caregiver_gives_the_patients_name(domain, text):
    _, slots, _ = validate(domain, "patient_name", text)
    assert slots["patient_name"] == "Frank Miller"


@pytest.mark.parametrize(
    "text",
    [
        "it's for my mom, Ruth Feldman",
        "my name is Sarah Feldman, the appointment is for my mom Ruth Feldman",
        "booking for my mom ruth feldman, her number is 413 555 0101",
    ],
)
def test_a_caregiver_starting_a_booking_books_it_under_the_patients_name(domain, text):
    chat = Chat(domain)
    chat.say(text, "book_appointment")
    assert chat.slots["patient_name"] == "Ruth Feldman"


@pytest.mark.parametrize("text", ["ok 930 then", "9:30", "9:30 please", "the 9:30"])
def test_a_clock_time_picks_the_one_offered_slot_at_that_time(domain, clinic, text):
    day = next_open_day(clinic, hour=9)
    offered = [day + timedelta(minutes=30 * n) for n in (1, 2, 3)]  # 9:30, 10, 10:30
    _, slots, _ = validate(domain, "preferred_time", text, slots={"offered_times": [s.isoformat() for s in offered]})
    assert datetime.fromisoformat(slots["appointment_start"]) == offered[0]


@pytest.mark.parametrize("text", ["i dont have email", "no email", "no, I don't have one", "dont have email sorry"])
def test_no_email_to_give_skips_the_email_question(domain, text):
    said, slots, _ = validate(domain, "patient_email", text, intent="faq", confidence=0.97)
    assert slots["patient_email"] == "" and said == ["utter_booking_ask_booking_confirmed"]


def test_phone_yes_but_not_texts_is_consent(domain):
    _, slots, _ = validate(
        domain, "contact_consent", "phone yes but not texts its a house phone", intent="out_of_scope"
    )
    assert slots["contact_consent"] is True
