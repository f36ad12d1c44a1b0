"""Turns outside the forms: stopping and forgetting, details given out of the blue, a question
right after booking, and a second question on the same topic."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.form_support import clinic_for, latest_message
from actions.names import (
    BOOKED_WITH_CONTACT,
    BOOKING_FORM,
    CALLBACK_SLOTS,
    CHECK_APPOINTMENT,
    FAQ,
    LAST_FAQ_TOPIC,
    LOOKUP_FORM,
)
from bot.clinic.opening_hours import is_open_at
from bot.dialogue import booking, lookup
from bot.language.en.answers import read_message
from bot.language.en.details import asks_when_confirmed

# A follow-up on the topic just answered gets these instead of the same paragraph again; the
# default offers a call from staff. Each ends with an offer (metadata.offer in domain.yml).
FOLLOW_UPS = {"faq/cost_insurance": "utter_cost_again"}
FOLLOW_UP = "utter_faq_again"
SHORT_FOLLOW_UP_WORDS = 3  # "roughly?": a short, unsure question is about the topic just answered
UNSURE_BELOW = 0.6


def forget_all_details() -> list[dict[str, Any]]:
    """Everything any form gathered: on a shared computer the next person must not see it."""
    names = {**booking.forget_everything(), **lookup.forget_everything()}
    names.update({name: None for name in CALLBACK_SLOTS})
    return [SlotSet(name, value) for name, value in names.items()]


class ActionStopForm(Action):
    """'stop' in a form: say so, and forget what it gathered."""

    def name(self) -> str:
        return "action_stop_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_form_stopped")
        return forget_all_details()


class ActionForgetDetails(Action):
    """A goodbye, or leaving a form for another: forget what the forms gathered, silently."""

    def name(self) -> str:
        return "action_forget_details"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return forget_all_details()


def starts_a_booking(text: str, tracker: Tracker) -> bool:
    """Details that only a booking asks for: a day or time, new or returning, a reason, or a
    name with a phone number ("Hi, I'm John Smith 617-555-0143, want Tuesday 3pm")."""
    clinic = clinic_for(tracker)
    reading = read_message(text, clinic.now, clinic.settings.phone_region)
    return bool(reading.time_text or reading.status or (reading.name and reading.phone))


class ActionTakeDetails(Action):
    """A detail given when nothing was asked: the start of a booking, or 'anything else?'."""

    def name(self) -> str:
        return "action_take_details"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if starts_a_booking(latest_message(tracker).words, tracker):
            return [FollowupAction(BOOKING_FORM)]  # the form reads the same message first
        dispatcher.utter_message(response="utter_anything_else")
        return []


class ActionAnswerAfterBooking(Action):
    """Right after a booking: 'will someone confirm tonight?' gets when staff confirm."""

    def name(self) -> str:
        return "action_answer_after_booking"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        message = latest_message(tracker)
        if asks_when_confirmed(message.words) or (
            message.intent == CHECK_APPOINTMENT
            and "confirm" in message.words.lower()
            and not any(ch.isdigit() for ch in message.words)
        ):
            clinic = clinic_for(tracker)
            if not tracker.get_slot(BOOKED_WITH_CONTACT):
                dispatcher.utter_message(response="utter_confirm_timing_no_contact")
            elif is_open_at(clinic.now, clinic.settings):
                dispatcher.utter_message(response="utter_confirm_timing_open")
            else:
                dispatcher.utter_message(response="utter_confirm_timing_closed")
            return []
        if message.intent == CHECK_APPOINTMENT:
            return [FollowupAction(LOOKUP_FORM)]
        if starts_a_booking(message.words, tracker):
            return [FollowupAction(BOOKING_FORM)]
        dispatcher.utter_message(response="utter_anything_else")
        return []


def _topic(message: dict[str, Any]) -> str | None:
    selector = ((message.get("response_selector") or {}).get(FAQ) or {}).get("response") or {}
    return selector.get("intent_response_key")


def _previous_topic(tracker: Tracker) -> str | None:
    """The topic of the answer just given: the one noted by this action, or the one the
    previous question was answered on (utter_faq)."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") not in ("action_listen", None):
            if event["name"] == "action_answer_again":
                return tracker.get_slot(LAST_FAQ_TOPIC)
            break
    return _topic(users[-2].get("parse_data") or {}) if len(users) >= 2 else None


class ActionAnswerAgain(Action):
    """A question right after an answer: a new topic gets its answer; the same topic, asked from
    another angle ("roughly?", "is the consultation free?"), gets the part that helps or an offer
    of a call from staff instead of the same paragraph again."""

    def name(self) -> str:
        return "action_answer_again"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        message = tracker.latest_message or {}
        topic, previous = _topic(message), _previous_topic(tracker)
        short = len((message.get("text") or "").split()) <= SHORT_FOLLOW_UP_WORDS
        unsure = float((message.get("intent") or {}).get("confidence") or 0.0) < UNSURE_BELOW
        if previous and (topic == previous or (short and unsure)):
            dispatcher.utter_message(response=FOLLOW_UPS.get(previous, FOLLOW_UP))
            return [SlotSet(LAST_FAQ_TOPIC, previous)]
        if topic:
            dispatcher.utter_message(response=f"utter_{topic}")
        return [SlotSet(LAST_FAQ_TOPIC, topic)]
