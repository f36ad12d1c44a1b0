"""Booking a visit: the form's turns (bot/dialogue/booking.py) and handing the request to the clinic."""

from __future__ import annotations

import logging
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
from actions.names import BOOKED_WITH_CONTACT, BOOKING_FORM, BOOKING_REFERENCE, CALLBACK_FORM, JUST_BOOKED
from bot.clinic.appointments import AppointmentDetails, SlotTaken, SlotUnavailable, TooManyOpenRequests
from bot.clinic.patient_requests import request_appointment
from bot.dialogue import booking
from bot.dialogue.times import next_offers, offers_say
from bot.dialogue.turns import CALL_WANTED, STAFF_CALL_SLOT
from bot.language.en.dates import describe_slot

logger = logging.getLogger(__name__)


class ValidateBookingForm(FormValidationAction):
    """Every turn of the booking form: read the message, say what comes next."""

    def name(self) -> str:
        return "validate_booking_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        activating = activated_just_now(tracker, BOOKING_FORM)
        fresh = activating or answered_just_now(tracker, BOOKING_FORM)
        turn = booking.booking_turn(
            tracker.slots, latest_message(tracker) if fresh else None, clinic_for(tracker), activating=activating
        )
        return turn_events(turn, dispatcher, failures=tracker.get_slot(booking.FAILED))


class ActionSubmitBooking(Action):
    """The form has ended: store the request if the patient said yes to the summary."""

    def name(self) -> str:
        return "action_submit_booking"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        forget = [SlotSet(name, value) for name, value in booking.forget_everything().items()]
        slot = tracker.get_slot
        if slot(STAFF_CALL_SLOT) == CALL_WANTED:  # a typed yes to the staff call
            return [SlotSet(STAFF_CALL_SLOT, None), FollowupAction(CALLBACK_FORM)]
        if slot(booking.CONFIRMED) is not True:
            return forget  # stopped, or too many requests: the form has said why
        clinic = clinic_for(tracker)
        if not slot(booking.START):  # never sent without a time: ask for one again
            return [SlotSet(booking.CONFIRMED, None), FollowupAction(BOOKING_FORM)]
        details = AppointmentDetails(
            name=slot(booking.NAME),
            phone=slot(booking.PHONE),
            start=datetime.fromisoformat(slot(booking.START)),
            reason=slot(booking.REASON) or None,
            email=slot(booking.EMAIL) or None,
            new_patient=slot(booking.STATUS) == "new",
            contact_consent=bool(slot(booking.CONSENT)),
            conversation_id=tracker.sender_id,
        )
        try:
            booked = request_appointment(clinic.engine, details, clinic.settings, now=clinic.now)
        except (SlotTaken, SlotUnavailable):
            # Someone else took the slot between the "yes" and now.
            offers = next_offers(clinic)
            reply = offers_say("utter_time_taken", offers, clinic)
            dispatcher.utter_message(response=reply.response, buttons=list(reply.buttons), **reply.values)
            return [
                SlotSet(booking.TIME, None),
                SlotSet(booking.START, None),
                SlotSet(booking.CONFIRMED, None),
                SlotSet(booking.OFFERED, [s.isoformat() for s in offers]),
                FollowupAction(BOOKING_FORM),
            ]
        except TooManyOpenRequests:
            dispatcher.utter_message(response=booking.TOO_MANY)
            return forget
        logger.info("appointment request stored")
        deliver_in_background()
        response = "utter_booking_requested" if details.contact_consent else "utter_booking_requested_no_contact"
        dispatcher.utter_message(
            response=response, reference=booked.reference, when=describe_slot(booked.start, clinic.now)
        )
        # Everything the patient gave is forgotten (a shared computer's next user must not see it).
        return forget + [
            SlotSet(BOOKING_REFERENCE, booked.reference),
            SlotSet(JUST_BOOKED, True),
            SlotSet(BOOKED_WITH_CONTACT, details.contact_consent),
        ]
