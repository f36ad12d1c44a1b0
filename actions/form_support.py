"""What the form validation actions share: the clock, the database, kind re-asks."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from functools import lru_cache

from bot.clinic.database import get_engine
from bot.handoff.outbox import OutboxWorker
from bot.settings import Settings, get_settings
from bot.language.en.dates import describe_slot

FAILED_ANSWERS = "failed_answers"
MAX_FAILED_ANSWERS = 3  # then the assistant offers a call from staff


def clinic_now(settings: Settings) -> datetime:
    return datetime.now(settings.timezone)


def services():
    """The settings and database engine, built once per process on first use."""
    return get_settings(), get_engine()


@lru_cache(maxsize=1)
def outbox_worker() -> OutboxWorker | None:
    """The action server's background delivery to the scheduling webhook, when one is set.

    Started on first use, so the conversation never waits on the webhook: a request is
    stored with its outbox row, and this thread delivers it (with retries) afterwards.
    """
    settings, engine = services()
    if not settings.scheduling_webhook_url:
        return None
    worker = OutboxWorker(engine, settings)
    worker.start()
    return worker


def deliver_in_background() -> None:
    worker = outbox_worker()
    if worker is not None:
        worker.wake()


def reask(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    slot: Text,
    response: Text,
    buttons: List[Dict[Text, Text]] | None = None,
    **response_values: Any,
) -> Dict[Text, Any]:
    """Explain kindly what was wrong and ask again; after repeated misses, offer a staff call."""
    failures = int(tracker.get_slot(FAILED_ANSWERS) or 0) + 1
    if failures >= MAX_FAILED_ANSWERS:
        dispatcher.utter_message(response="utter_offer_staff_call")
        failures = 0
    else:
        dispatcher.utter_message(response=response, buttons=buttons, **response_values)
    return {slot: None, FAILED_ANSWERS: float(failures)}


def accept(values: Dict[Text, Any]) -> Dict[Text, Any]:
    """A valid answer: keep it and start the miss count afresh."""
    return {**values, FAILED_ANSWERS: 0.0}


def time_buttons(starts: List[datetime], now: datetime) -> List[Dict[Text, Text]]:
    """Free times as buttons whose payload reads back as the same day and time."""
    return [{"title": describe_slot(s, now), "payload": describe_slot(s, now)} for s in starts]


NEAREST_TIMES = "Here are the nearest free times. Would one of these suit you?"
ANOTHER_DAY = "Which other day and time would suit you?"


def latest_text(tracker: Tracker) -> Text:
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> Text:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""
