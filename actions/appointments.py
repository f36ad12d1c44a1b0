"""Checking, moving and cancelling a visit: reference code and phone must both match."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.form_support import (
    ANOTHER_DAY,
    FAILED_ANSWERS,
    NEAREST_TIMES,
    accept,
    clinic_now,
    deliver_in_background,
    reask,
    services,
    time_buttons,
)
from actions.patient_answers import PatientAnswers
from bot.clinic.references import is_valid_reference, normalize_reference
from bot.clinic.appointments import AppointmentView, SlotTaken, SlotUnavailable
from bot.clinic.availability import free_slots_near
from bot.clinic.patient_requests import cancel_appointment, find_appointment, reschedule_appointment
from bot.language.en.dates import describe_slot

LOOKUP_SLOTS = ["lookup_reference", "lookup_purpose", "preferred_time", "appointment_start", "change_confirmed", FAILED_ANSWERS]
STATUS_WORDS = {
    "proposed": "requested, and our staff will call or text to confirm it",
    "booked": "confirmed",
    "cancelled": "cancelled",
}


def verified_appointment(tracker: Tracker) -> AppointmentView | None:
    settings, engine = services()
    reference, phone = tracker.get_slot("lookup_reference"), tracker.get_slot("patient_phone")
    if not reference or not phone:
        return None
    return find_appointment(engine, reference, phone, settings)


class ValidateLookupForm(PatientAnswers, FormValidationAction):
    def name(self) -> Text:
        return "validate_lookup_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        purpose = tracker.get_slot("lookup_purpose")
        if purpose == "check":
            return ["lookup_reference", "patient_phone"]
        if purpose == "reschedule":
            return ["lookup_reference", "patient_phone", "preferred_time", "change_confirmed"]
        return ["lookup_reference", "patient_phone", "change_confirmed"]

    def validate_lookup_reference(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        reference = normalize_reference(str(value or ""))
        if not is_valid_reference(reference):
            return reask(dispatcher, tracker, "lookup_reference", "utter_invalid_reference")
        return accept({"lookup_reference": reference})

    def validate_patient_phone(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        checked = super().validate_patient_phone(value, dispatcher, tracker, domain)
        if checked.get("patient_phone") is None:
            return checked
        settings, engine = services()
        found = find_appointment(engine, tracker.get_slot("lookup_reference") or "", checked["patient_phone"], settings)
        if found is None or (found.status == "cancelled" and tracker.get_slot("lookup_purpose") != "check"):
            # Same answer whether the code is unknown or the phone is wrong: nothing is revealed.
            answer = reask(dispatcher, tracker, "patient_phone", "utter_appointment_not_found")
            return {**answer, "lookup_reference": None}
        return checked

    def validate_change_confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return accept({"change_confirmed": bool(value)})


class ActionAskChangeConfirmed(Action):
    def name(self) -> Text:
        return "action_ask_change_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        appointment = verified_appointment(tracker)
        if appointment is None:  # cannot happen after the phone check; say nothing about any visit
            dispatcher.utter_message(response="utter_appointment_not_found")
            return [SlotSet("change_confirmed", False)]
        settings, _ = services()
        when = describe_slot(appointment.start.astimezone(settings.timezone), clinic_now(settings))
        if tracker.get_slot("lookup_purpose") == "reschedule":
            dispatcher.utter_message(response="utter_ask_confirm_move", when=when, new_when=tracker.get_slot("preferred_time"))
        else:
            dispatcher.utter_message(response="utter_ask_confirm_cancel", when=when)
        return []


class ActionFinishLookup(Action):
    def name(self) -> Text:
        return "action_finish_lookup"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        settings, engine = services()
        now = clinic_now(settings)
        reference, phone = tracker.get_slot("lookup_reference"), tracker.get_slot("patient_phone")
        purpose = tracker.get_slot("lookup_purpose")
        done = [SlotSet(name, None) for name in LOOKUP_SLOTS]
        appointment = verified_appointment(tracker)
        if appointment is None:
            dispatcher.utter_message(response="utter_appointment_not_found")
            return done
        if purpose == "check":
            dispatcher.utter_message(
                response="utter_appointment_status", reference=reference,
                when=describe_slot(appointment.start.astimezone(settings.timezone), now),
                status=STATUS_WORDS.get(appointment.status, appointment.status),
            )
            return done
        if not tracker.get_slot("change_confirmed"):
            dispatcher.utter_message(response="utter_nothing_changed")
            return done
        if purpose == "cancel":
            cancel_appointment(engine, reference, phone, settings, now=now)
            deliver_in_background()
            dispatcher.utter_message(response="utter_appointment_cancelled", reference=reference)
            return done
        new_start = datetime.fromisoformat(tracker.get_slot("appointment_start"))
        try:
            moved = reschedule_appointment(engine, reference, phone, new_start, settings, now=now)
        except (SlotTaken, SlotUnavailable):
            alternatives = free_slots_near(engine, new_start, settings, now=now)
            dispatcher.utter_message(
                response="utter_time_taken", buttons=time_buttons(alternatives, now),
                choices=NEAREST_TIMES if alternatives else ANOTHER_DAY,
            )
            return [SlotSet("preferred_time", None), SlotSet("appointment_start", None),
                    SlotSet("change_confirmed", None), FollowupAction("lookup_form")]
        deliver_in_background()
        dispatcher.utter_message(
            response="utter_appointment_moved", reference=reference,
            when=describe_slot(moved.start.astimezone(settings.timezone), now),
        )
        return done
