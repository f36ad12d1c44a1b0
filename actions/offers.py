"""A "yes" after an answer takes up the offer that answer ended with.

Which offer an answer makes is the answer's own metadata in the responses (`metadata: {offer:
booking_form}`, `lookup_form` or `callback_form`), found through the response the assistant last
used (the `utter_action` Rasa records with every reply), never by reading the words it said. A
crisis reply given again after a form was paused (`utter_booking_paused`...) does not replace
the pause's offer: "I'm safe, let's carry on" still carries the form on.
"""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.names import BOOKING_FORM, CALLBACK_FORM, LOOKUP_FORM

OFFERS = (BOOKING_FORM, LOOKUP_FORM, CALLBACK_FORM)  # what a response's metadata may offer
CRISIS_REPLY = "utter_emergency"


def last_response(tracker: Tracker) -> str | None:
    """The name of the response the assistant last used ('utter_faq/sessions'), passing over
    crisis replies."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            response = (event.get("metadata") or {}).get("utter_action")
            if response != CRISIS_REPLY:
                return response
    return None


def offer_of(response: str | None, domain: dict[str, Any]) -> str | None:
    """The form a response offers, from its metadata in the domain; None when it offers none."""
    for variation in (domain.get("responses") or {}).get(response or "", []) or []:
        offer = (variation.get("metadata") or {}).get("offer")
        if offer in OFFERS:
            return offer
    return None


class ActionTakeUpOffer(Action):
    def name(self) -> str:
        return "action_take_up_offer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        offer = offer_of(last_response(tracker), domain)
        if offer is not None:
            return [FollowupAction(offer)]
        dispatcher.utter_message(response="utter_ask_question")
        return []
