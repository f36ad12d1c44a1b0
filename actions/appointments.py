"""Checking, moving and cancelling a visit: the lookup form's turns (bot/dialogue/lookup.py),
then what was asked for. Nothing about any appointment is said unless two details match."""

from __future__ import annotations

from datetime import datetime

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.form_support import (
    activated_just_now,
    answered_just_now,
    clinic_for,
    deliver_in_background,
    latest_message,
    turn_events,
)
from actions.names import BOOKING_FORM, CALLBACK_FORM, LOOKUP_FORM
from bot.clinic.appointments import AppointmentView, SlotTaken, SlotUnavailable
from bot.clinic.patient_requests import cancel_appointment, find_appointment, reschedule_appointment
from bot.dialogue import lookup
from bot.dialogue.times import next_offers, offers_say
from bot.dialogue.turns import CALL_WANTED, STAFF_CALL_SLOT
from bot.language.en.dates import describe_slot

STATUS_WORDS = {
    "proposed": "requested, and our staff will call or text to confirm it",
    "booked": "confirmed",
    "cancelled": "cancelled",
}


def verified_appointment(tracker: Tracker) -> AppointmentView | None:
    """The appointment the lookup found, once both details matched; else None."""
    if not tracker.get_slot(lookup.VERIFIED):
        return None
    clinic = clinic_for(tracker)
    reference, phone = tracker.get_slot(lookup.REFERENCE), tracker.get_slot(lookup.PHONE)
    if not reference or not phone:
        return None
    return find_appointment(clinic.engine, reference, phone, clinic.settings)


class ValidateLookupForm(FormValidationAction):
    def name(self) -> str:
        return "validate_lookup_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        activating = activated_just_now(tracker, LOOKUP_FORM)
        fresh = activating or answered_just_now(tracker, LOOKUP_FORM)
        turn = lookup.lookup_turn(
            tracker.slots, latest_message(tracker) if fresh else None, clinic_for(tracker), activating=activating
        )
        return turn_events(turn, dispatcher, failures=tracker.get_slot(lookup.FAILED))


class ActionFinishLookup(Action):
    def name(self) -> str:
        return "action_finish_lookup"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot(STAFF_CALL_SLOT) == CALL_WANTED:  # a typed yes to the staff call
            return [SlotSet(STAFF_CALL_SLOT, None), FollowupAction(CALLBACK_FORM)]
        done = [SlotSet(name, value) for name, value in lookup.forget_everything().items()]
        if tracker.get_slot(lookup.NEW_BOOKING):  # "book a new appointment" from inside the lookup
            return done + [SlotSet(lookup.NEW_BOOKING, None), FollowupAction(BOOKING_FORM)]
        clinic = clinic_for(tracker)
        reference, phone = tracker.get_slot(lookup.REFERENCE), tracker.get_slot(lookup.PHONE)
        purpose = tracker.get_slot(lookup.PURPOSE)
        appointment = verified_appointment(tracker)
        if appointment is None:
            return done  # stopped or locked out: the form has said why
        when = describe_slot(appointment.start.astimezone(clinic.settings.timezone), clinic.now)
        if purpose == lookup.CHECK or purpose is None:
            dispatcher.utter_message(
                response="utter_appointment_status",
                reference=reference,
                when=when,
                status=STATUS_WORDS.get(appointment.status, appointment.status),
            )
            return done
        if not tracker.get_slot(lookup.CHANGE):
            dispatcher.utter_message(response="utter_nothing_changed")
            return done
        if purpose == lookup.CANCEL:
            cancel_appointment(clinic.engine, reference, phone, clinic.settings, now=clinic.now)
            deliver_in_background()
            dispatcher.utter_message(response="utter_appointment_cancelled", reference=reference)
            return done
        new_start = datetime.fromisoformat(tracker.get_slot(lookup.START))
        try:
            moved = reschedule_appointment(clinic.engine, reference, phone, new_start, clinic.settings, now=clinic.now)
        except (SlotTaken, SlotUnavailable):
            offers = next_offers(clinic)
            reply = offers_say("utter_time_taken", offers, clinic)
            dispatcher.utter_message(response=reply.response, buttons=list(reply.buttons), **reply.values)
            return [
                SlotSet(lookup.TIME, None),
                SlotSet(lookup.START, None),
                SlotSet(lookup.CHANGE, None),
                SlotSet(lookup.OFFERED, [s.isoformat() for s in offers]),
                FollowupAction(LOOKUP_FORM),
            ]
        deliver_in_background()
        dispatcher.utter_message(
            response="utter_appointment_moved",
            reference=reference,
            when=describe_slot(moved.start.astimezone(clinic.settings.timezone), clinic.now),
        )
        return done
