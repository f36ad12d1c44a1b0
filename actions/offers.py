"""A "yes" after an answer takes up the offer that answer ended with."""
from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

BOOKING_OFFER_WORDS = ("book a consultation", "book one", "book a visit")


def last_bot_text(tracker: Tracker) -> Text:
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return (event.get("text") or "").lower()
    return ""


class ActionTakeUpOffer(Action):
    def name(self) -> Text:
        return "action_take_up_offer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if any(words in last_bot_text(tracker) for words in BOOKING_OFFER_WORDS):
            return [FollowupAction("booking_form")]
        dispatcher.utter_message(response="utter_ask_question")
        return []
