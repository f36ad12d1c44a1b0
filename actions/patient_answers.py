"""Answers several forms ask for (name, phone, day and time), checked the same way everywhere."""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.form_support import ANOTHER_DAY, NEAREST_TIMES, accept, clinic_now, latest_intent, latest_text, reask, services, time_buttons
from bot.clinic.appointment_time import choose_start
from bot.clinic.contact_details import normalize_phone
from bot.language.en.details import clean_name, is_full_name, looks_like_question, looks_like_skip
from bot.language.en.dates import describe_slot

# Messages that are not a free-text answer even though any text could be one: they are
# handled by the interruption rules, and a question is answered before the form goes on.
INTERRUPTIONS = {"emergency", "stop", "goodbye", "human_handoff", "bot_challenge"}
INTERRUPTING_QUESTIONS = {"faq", "medical_advice"}


def free_text_answer(tracker: Tracker, slot: Text) -> Dict[Text, Any]:
    """The latest message as the answer to `slot`, unless it is a question to answer first."""
    if tracker.get_slot("requested_slot") != slot:
        return {}
    text, intent = latest_text(tracker), latest_intent(tracker)
    if looks_like_skip(text):  # "skip" answers an optional question, whatever the intent
        return {slot: text}
    if intent in INTERRUPTIONS or (intent in INTERRUPTING_QUESTIONS and looks_like_question(text)):
        return {}
    return {slot: text}


class PatientAnswers:
    """Validation methods shared by the booking, lookup and call-back forms."""

    def validate_patient_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        name = clean_name(str(value or ""))
        if not name or not is_full_name(name):
            return reask(dispatcher, tracker, "patient_name", "utter_invalid_name")
        return accept({"patient_name": name})

    def validate_patient_phone(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        settings, _ = services()
        phone = normalize_phone(str(value or ""), settings.phone_region)
        if phone is None:
            return reask(dispatcher, tracker, "patient_phone", "utter_invalid_phone")
        return accept({"patient_phone": phone})

    def validate_preferred_time(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        settings, engine = services()
        now = clinic_now(settings)
        choice = choose_start(engine, str(value or ""), settings, now)
        if choice.start is None:
            return reask(
                dispatcher, tracker, "preferred_time", f"utter_time_{choice.problem}",
                buttons=time_buttons(choice.alternatives, now),
                choices=NEAREST_TIMES if choice.alternatives else ANOTHER_DAY,
            )
        return accept({"preferred_time": describe_slot(choice.start, now), "appointment_start": choice.start.isoformat()})

