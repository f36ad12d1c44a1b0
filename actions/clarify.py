"""Low confidence: offer the likeliest topics as buttons; after a second miss, a person."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.names import FAQ
from bot.language.en.topics import TALK_TO_A_PERSON, likeliest_choices

ACTION_CLARIFY = "action_clarify"


def ranked_topics(parse: dict[str, Any]) -> list[tuple]:
    """(topic, confidence) for intents, with `faq` expanded into its answer keys."""
    ranked = []
    for intent in parse.get("intent_ranking") or []:
        name, confidence = intent.get("name"), intent.get("confidence") or 0.0
        if name != FAQ:
            ranked.append((name, confidence))
            continue
        selector = (parse.get("response_selector") or {}).get(FAQ) or {}
        for answer in (selector.get("ranking") or [])[:2]:
            ranked.append((answer.get("intent_response_key"), confidence * (answer.get("confidence") or 0.0)))
    return ranked


def missed_just_before(tracker: Tracker) -> bool:
    """Was the previous user message also met with a clarifying question?"""
    user_turns = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            user_turns += 1
        elif event.get("event") == "action" and user_turns == 1:
            if event.get("name") == ACTION_CLARIFY:
                return True
        if user_turns > 1:
            return False
    return False


class ActionClarify(Action):
    def name(self) -> str:
        return ACTION_CLARIFY

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        if missed_just_before(tracker):
            dispatcher.utter_message(response="utter_still_not_understood")
            return []
        choices = likeliest_choices(ranked_topics(tracker.latest_message))
        buttons = [{"title": c.title, "payload": c.payload} for c in [*choices, TALK_TO_A_PERSON]]
        dispatcher.utter_message(response="utter_clarify", buttons=buttons)
        return []
