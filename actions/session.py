"""Start of a conversation: load the clinic's facts into slots, keep what carries over."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.language.en.clinic_facts import conversation_slots
from bot.settings import get_settings


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        facts = [SlotSet(name, value) for name, value in conversation_slots(get_settings()).items()]
        return [SessionStarted(), *facts, ActionExecuted("action_listen")]
