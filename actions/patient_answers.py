"""Answers the call-back form asks for (name, phone), checked as the other forms check them."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.form_support import accept, latest_intent, latest_text, reask, services
from bot.clinic.contact_details import normalize_phone
from bot.dialogue.turns import ALWAYS_INTERRUPT, QUESTION_INTENTS
from bot.language.en.details import clean_name, is_full_name, looks_like_question, looks_like_skip

# Messages that are not a free-text answer even though any text could be one: they are
# handled by the interruption rules, and a question is answered before the form goes on. A
# patient's story about their health is the answer ("what would you like to talk about?").
INTERRUPTIONS = ALWAYS_INTERRUPT - {"share_condition"}


def free_text_answer(tracker: Tracker, slot: str) -> dict[str, Any]:
    """The latest message as the answer to `slot`, unless it is a question to answer first."""
    if tracker.get_slot("requested_slot") != slot:
        return {}
    text, intent = latest_text(tracker), latest_intent(tracker)
    if looks_like_skip(text):  # "skip" answers an optional question, whatever the intent
        return {slot: text}
    if intent in INTERRUPTIONS or (intent in QUESTION_INTENTS and looks_like_question(text)):
        return {}
    return {slot: text}


class PatientAnswers:
    """Validation methods for the name and phone the call-back form asks for."""

    def validate_patient_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        name = clean_name(str(value or ""))
        if not name or not is_full_name(name):
            return reask(dispatcher, tracker, "patient_name", "utter_invalid_name")
        return accept({"patient_name": name})

    def validate_patient_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        settings, _ = services()
        phone = normalize_phone(str(value or ""), settings.phone_region)
        if phone is None:
            return reask(dispatcher, tracker, "patient_phone", "utter_invalid_phone")
        return accept({"patient_phone": phone})
