"""What the form validation actions share: the clock, the database, kind re-asks."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from bot.clinic.database import get_engine
from bot.dialogue import times, turns
from bot.dialogue.turns import Clinic, Message, Turn
from bot.handoff.outbox import OutboxWorker
from bot.settings import Settings, get_settings

FAILED_ANSWERS = "failed_answers"
MAX_FAILED_ANSWERS = turns.MAX_FAILED_ANSWERS  # then the assistant offers a call from staff


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
    slot: str,
    response: str,
    buttons: list[dict[str, str]] | None = None,
    **response_values: Any,
) -> dict[str, Any]:
    """Explain kindly what was wrong and ask again; after repeated misses, offer a staff call."""
    failures = int(tracker.get_slot(FAILED_ANSWERS) or 0) + 1
    if failures >= MAX_FAILED_ANSWERS:
        dispatcher.utter_message(response="utter_offer_staff_call")
        failures = 0
    else:
        dispatcher.utter_message(response=response, buttons=buttons, **response_values)
    return {slot: None, FAILED_ANSWERS: float(failures)}


def accept(values: dict[str, Any]) -> dict[str, Any]:
    """A valid answer: keep it and start the miss count afresh."""
    return {**values, FAILED_ANSWERS: 0.0}


def time_buttons(starts: list[datetime], now: datetime) -> list[dict[str, str]]:
    """Free times as buttons whose payload reads back as the same day and time."""
    return list(times.time_buttons(starts, now))


NEAREST_TIMES, ANOTHER_DAY = times.NEAREST_TIMES, times.ANOTHER_DAY


def clinic_for(tracker: Tracker) -> Clinic:
    settings, engine = services()
    return Clinic(engine, settings, clinic_now(settings), tracker.sender_id)


def latest_message(tracker: Tracker) -> Message:
    message = tracker.latest_message or {}
    intent = message.get("intent") or {}
    return Message(message.get("text") or "", intent.get("name") or "", float(intent.get("confidence") or 0.0))


def answered_just_now(tracker: Tracker, form: str) -> bool:
    """Is the latest message new to the form? False when the form comes back after an
    interruption (the rules answered a question), which must not be read again as an answer.

    The tracker a form's validation gets ends with the form's own action (added by Rasa) and
    the slots it extracted; before that comes the patient's message, or another action.
    """
    skipped_form = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            return True
        if kind == "action":
            if event.get("name") == form and not skipped_form:
                skipped_form = True
                continue
            if event.get("name") == "action_listen":
                return True
            return False
    return True


def activated_just_now(tracker: Tracker, form: str) -> bool:
    """Does the form start with this message? Rasa marks the loop active before the form's
    first validation, so what tells is its activation event since the patient's message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "active_loop" and event.get("name") == form:
            return True
    return False


def turn_events(
    turn: Turn, dispatcher: CollectingDispatcher, failed_slot: str = FAILED_ANSWERS, failures: float | None = None
) -> list[dict[str, Any]]:
    """Say a Turn's replies and return its slots; nothing at all for an interruption, so that
    Rasa hands the message to the dialogue rules."""
    if turn.leave:
        return []
    for reply in turn.say:
        dispatcher.utter_message(response=reply.response, buttons=list(reply.buttons) or None, **reply.values)
    changes = dict(turn.changes)
    if not changes:  # Rasa takes a turn that sets no slot for a rejection
        changes[failed_slot] = failures if failures is not None else 0.0
    return [SlotSet(name, value) for name, value in changes.items()] + [SlotSet(REQUESTED_SLOT, turn.ask)]


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""
