"""Run actions as the action server does: a real Tracker, a CollectingDispatcher, the domain."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.form_support import outbox_worker
from bot.clinic.database import get_engine
from bot.settings import get_settings
from tests.servers import CLINIC

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def domain() -> dict:
    """domain.yml with the replies (data/en/responses/), as the trained model's domain has them."""
    responses = sorted(str(path) for path in (ROOT / "data" / "en" / "responses").glob("*.yml"))
    return Domain.load([str(ROOT / "domain.yml"), *responses]).as_dict()


@pytest.fixture(autouse=True)
def clinic(tmp_path, monkeypatch):
    """Clinic settings and a fresh database for each test."""
    values = {
        **CLINIC,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'clinic.db'}",
        "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    for cache in (get_settings, get_engine, outbox_worker):
        cache.cache_clear()
    yield get_settings()
    for cache in (get_settings, get_engine, outbox_worker):
        cache.cache_clear()


def make_tracker(
    text: str = "",
    intent: str = "inform",
    slots: dict[str, Any] | None = None,
    new_slots: dict[str, Any] | None = None,
    active_loop: str | None = None,
    ranking: list[dict] | None = None,
    response_selector: dict | None = None,
    events: list[dict] | None = None,
    sender: str = "patient-1",
) -> Tracker:
    """A tracker whose latest user message is `text`; `new_slots` were set after it."""
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
        "entities": [],
        "response_selector": response_selector or {},
    }
    all_slots = {**(slots or {}), **(new_slots or {})}
    history = list(events or []) + [{"event": "user", "text": text, "parse_data": message}]
    history += [{"event": "slot", "name": name, "value": value} for name, value in (new_slots or {}).items()]
    return Tracker(
        sender_id=sender,
        slots=all_slots,
        latest_message=message,
        events=history,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def run(action, tracker: Tracker, domain: dict) -> tuple[CollectingDispatcher, list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return dispatcher, events


def slot_values(events: list[dict]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("response") for m in dispatcher.messages]
