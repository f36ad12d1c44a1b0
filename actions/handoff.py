"""Reaching a person: a call-back request in the staff queue, and the phone when open."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import forget_all_details
from actions.form_support import accept, clinic_now, services
from actions.patient_answers import PatientAnswers, free_text_answer
from bot.clinic.opening_hours import is_open_at
from bot.clinic.patient_requests import request_callback
from bot.language.en.details import looks_like_skip

logger = logging.getLogger(__name__)


class ValidateCallbackForm(PatientAnswers, FormValidationAction):
    def name(self) -> str:
        return "validate_callback_form"

    async def extract_callback_reason(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return free_text_answer(tracker, "callback_reason")

    def validate_callback_reason(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = " ".join(str(value or "").split())
        return accept({"callback_reason": "" if looks_like_skip(text) else text[:500]})

    async def extract_callback_time(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return free_text_answer(tracker, "callback_time")

    def validate_callback_time(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = " ".join(str(value or "").split())
        return accept({"callback_time": "any time" if looks_like_skip(text) else text[:200]})


class ActionSubmitCallback(Action):
    def name(self) -> str:
        return "action_submit_callback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        settings, engine = services()
        request_callback(
            engine,
            name=tracker.get_slot("patient_name"),
            phone=tracker.get_slot("patient_phone"),
            reason=tracker.get_slot("callback_reason") or None,
            preferred_time=tracker.get_slot("callback_time") or None,
            conversation_id=tracker.sender_id,
            settings=settings,
        )
        logger.info("call-back request stored")
        dispatcher.utter_message(response="utter_callback_requested")
        if settings.clinic_phone and is_open_at(clinic_now(settings), settings):
            dispatcher.utter_message(response="utter_call_us_now")
        # Everything the forms gathered is forgotten once sent: on a shared computer the next
        # person must not see it.
        return forget_all_details()
