"""Booking a visit: the form's checks, the read-back, and handing the request to the clinic."""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.form_support import (
    ANOTHER_DAY,
    NEAREST_TIMES,
    accept,
    clinic_now,
    deliver_in_background,
    latest_text,
    reask,
    services,
    time_buttons,
)
from actions.patient_answers import PatientAnswers, free_text_answer
from bot.clinic.contact_details import display_phone, normalize_email
from bot.language.en.details import looks_like_skip, read_patient_status
from bot.clinic.appointments import AppointmentDetails, SlotTaken, SlotUnavailable
from bot.clinic.availability import free_slots_near
from bot.clinic.patient_requests import request_appointment
from bot.language.en.dates import describe_slot

logger = logging.getLogger(__name__)

BOOKING_SLOTS = [
    "patient_name", "patient_phone", "preferred_time", "appointment_start", "visit_reason",
    "patient_status", "contact_consent", "patient_email", "booking_confirmed", "detail_to_change",
    "correcting_detail", "failed_answers",
]
# Which slot a patient means when asking to change a detail ("the phone is wrong").
DETAIL_WORDS = {
    "patient_phone": ("phone", "number", "mobile", "cell"),
    "preferred_time": ("time", "day", "date", "when", "morning", "afternoon"),
    "visit_reason": ("reason", "about", "why"),
    "patient_status": ("new", "returning", "before", "first"),
    "contact_consent": ("contact", "permission", "text", "call me", "consent"),
    "patient_email": ("email", "e-mail", "mail"),
    "patient_name": ("name", "spelling", "spelled", "spelt"),
}


def detail_named_in(text: Text) -> Text | None:
    lowered = text.lower()
    for slot, words in DETAIL_WORDS.items():
        if any(word in lowered for word in words):
            return slot
    return None


def booking_summary(tracker: Tracker) -> Text:
    """The read-back before anything is saved."""
    slot = tracker.get_slot
    settings, _ = services()
    lines = [
        f"Name: {slot('patient_name')}",
        f"Mobile: {display_phone(slot('patient_phone'), settings.phone_region)}",
        f"Preferred time: {slot('preferred_time')}",
        f"Reason: {slot('visit_reason') or 'not given'}",
        f"First visit: {'yes' if slot('patient_status') == 'new' else 'no'}",
        f"Contact by text or phone: {'yes' if slot('contact_consent') else 'no'}",
        f"Email: {slot('patient_email') or 'not given'}",
    ]
    return "\n".join(lines)


class ValidateBookingForm(PatientAnswers, FormValidationAction):
    def name(self) -> Text:
        return "validate_booking_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        if tracker.get_slot("correcting_detail"):
            return domain_slots
        return [slot for slot in domain_slots if slot != "detail_to_change"]

    async def extract_visit_reason(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Take the answer as the reason, unless it is a question to answer first."""
        if tracker.get_slot("requested_slot") != "visit_reason":
            return {}
        return free_text_answer(tracker, "visit_reason")

    def validate_visit_reason(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        text = " ".join(str(value or "").split())
        return accept({"visit_reason": "" if looks_like_skip(text) else text[:500]})

    async def extract_patient_email(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return free_text_answer(tracker, "patient_email")

    def validate_patient_status(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        status = read_patient_status(str(value or ""))
        if status is None:
            return reask(dispatcher, tracker, "patient_status", "utter_invalid_patient_status")
        return accept({"patient_status": status})

    def validate_contact_consent(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return accept({"contact_consent": bool(value)})

    def validate_patient_email(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        text = str(value or "")
        if looks_like_skip(text):
            return accept({"patient_email": ""})
        email = normalize_email(text)
        if email is None:
            return reask(dispatcher, tracker, "patient_email", "utter_invalid_email")
        return accept({"patient_email": email})

    def validate_booking_confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        if value:
            return {"booking_confirmed": True}
        # "No": fix one detail. If the patient already said which, clear it at once.
        detail = detail_named_in(latest_text(tracker))
        if detail:
            return {"booking_confirmed": None, detail: None, "appointment_start": None}
        return {"booking_confirmed": None, "correcting_detail": True}

    def validate_detail_to_change(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        detail = detail_named_in(str(value or ""))
        if detail is None:
            return reask(dispatcher, tracker, "detail_to_change", "utter_ask_detail_to_change")
        return accept({"detail_to_change": None, "correcting_detail": False, detail: None, "appointment_start": None})


class ActionAskBookingConfirmed(Action):
    def name(self) -> Text:
        return "action_ask_booking_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(response="utter_ask_booking_confirmed", summary=booking_summary(tracker))
        return []


class ActionSubmitBooking(Action):
    def name(self) -> Text:
        return "action_submit_booking"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        settings, engine = services()
        slot = tracker.get_slot
        now = clinic_now(settings)
        start = datetime.fromisoformat(slot("appointment_start"))
        details = AppointmentDetails(
            name=slot("patient_name"),
            phone=slot("patient_phone"),
            start=start,
            reason=slot("visit_reason") or None,
            email=slot("patient_email") or None,
            new_patient=slot("patient_status") == "new",
            contact_consent=bool(slot("contact_consent")),
            conversation_id=tracker.sender_id,
        )
        try:
            booked = request_appointment(engine, details, settings, now=now)
        except (SlotTaken, SlotUnavailable):
            # Someone else took the slot between the question and the "yes".
            alternatives = free_slots_near(engine, start, settings, now=now)
            dispatcher.utter_message(
                response="utter_time_taken", buttons=time_buttons(alternatives, now),
                choices=NEAREST_TIMES if alternatives else ANOTHER_DAY,
            )
            return [SlotSet("preferred_time", None), SlotSet("appointment_start", None),
                    SlotSet("booking_confirmed", None), FollowupAction("booking_form")]
        logger.info("appointment request stored")
        deliver_in_background()
        dispatcher.utter_message(
            response="utter_booking_requested", reference=booked.reference, when=describe_slot(booked.start, now)
        )
        keep = {"patient_name", "patient_phone"}  # so a later call-back need not ask again
        return [SlotSet(name, None) for name in BOOKING_SLOTS if name not in keep] + [
            SlotSet("booking_reference", booked.reference)
        ]
