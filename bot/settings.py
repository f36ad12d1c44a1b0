"""One settings object, read once from the environment and `.env`.

Every clinic fact a patient sees (name, phone, hours, prices...) comes from here. An empty
value means "not configured": the assistant then offers to put the patient in touch with
staff instead of inventing one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import time
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# OPENING_HOURS names days by their first three letters: "mon-fri 09:00-17:00; sat 09:00-12:00".
_WEEKDAY_ABBREVIATIONS = {name: index for index, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}


def parse_opening_hours(text: str) -> dict[int, tuple[time, time]]:
    """Read `mon-fri 09:00-17:00; sat 09:00-12:00` into {weekday: (opens, closes)}.

    Weekdays are 0 (Monday) to 6 (Sunday); days not named are closed.
    """
    hours: dict[int, tuple[time, time]] = {}
    for part in filter(None, (p.strip() for p in text.lower().split(";"))):
        try:
            days, span = part.split()
            opens_text, closes_text = span.split("-")
            opens, closes = time.fromisoformat(opens_text), time.fromisoformat(closes_text)
            first, _, last = days.partition("-")
            first_day = _WEEKDAY_ABBREVIATIONS[first[:3]]
            last_day = _WEEKDAY_ABBREVIATIONS[(last or first)[:3]]
        except (ValueError, KeyError) as error:
            raise ValueError(f"cannot read opening hours {part!r}: use e.g. 'mon-fri 09:00-17:00'") from error
        if closes <= opens:
            raise ValueError(f"opening hours {part!r} close before they open")
        for day in range(first_day, last_day + 1):
            hours[day] = (opens, closes)
    return hours


def _text(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _csv(name: str, default: str = "") -> tuple[str, ...]:
    return tuple(item.strip() for item in _text(name, default).split(",") if item.strip())


@dataclass(frozen=True)
class Settings:
    # What patients are told about the clinic. Empty means "not configured".
    clinic_name: str
    clinic_phone: str
    clinic_website: str
    clinic_email: str
    clinic_address: str
    clinic_directions: str
    prices_text: str
    insurance_text: str
    session_text: str
    # Scheduling.
    opening_hours: dict[int, tuple[time, time]] = field(hash=False)
    timezone: ZoneInfo
    slot_minutes: int
    booking_horizon_days: int
    phone_region: str
    # Infrastructure.
    database_url: str
    tracker_store_url: str
    scheduling_webhook_url: str
    scheduling_webhook_token: str
    action_server_url: str
    action_server_secret: str  # the Rasa server sends it on every call; the action server checks it
    rasa_api_token: str
    conversation_secret: str  # signs the website's conversation ids (bot/messaging/conversation_ids.py)
    allow_weak_secrets: bool  # development only: start even with empty or default secrets
    redis_url: str  # rate limits shared by every Rasa server; empty: counted in each process
    widget_allowed_origins: tuple[str, ...]
    twilio_account_sid: str
    twilio_auth_token: str
    twilio_number: str
    twilio_webhook_url: str  # the public URL Twilio posts to (and signs); empty: the request's URL
    twilio_api_base_url: str
    retention_days: int
    # Public webhooks (bot/guard.py, bot/rate_limit.py).
    max_message_chars: int
    rate_limit_per_sender: int  # messages a minute from one conversation
    rate_limit_per_address: int  # requests a minute from one client address
    reply_timeout_seconds: float  # longest wait for the assistant before the "having trouble" reply
    # Booking limits (bot/clinic/patient_requests.py, bot/clinic/identity_checks.py).
    max_open_requests: int = 3  # open requests one phone number, or one conversation, may hold
    identity_check_max_failures: int = 5  # failed lookups per code, phone or conversation...
    identity_check_lockout_minutes: int = 15  # ...within this many minutes, then tries are refused


def settings_from_environment() -> Settings:
    """Build settings from os.environ (after `.env`, which never overrides a real variable)."""
    load_dotenv(PROJECT_ROOT / ".env", override=False)
    default_database = f"sqlite:///{PROJECT_ROOT / 'var' / 'clinic.db'}"
    default_tracker_store = f"sqlite:///{PROJECT_ROOT / 'var' / 'tracker.db'}"
    return Settings(
        clinic_name=_text("CLINIC_NAME", "the clinic"),
        clinic_phone=_text("CLINIC_PHONE"),
        clinic_website=_text("CLINIC_WEBSITE"),
        clinic_email=_text("CLINIC_EMAIL"),
        clinic_address=_text("CLINIC_ADDRESS"),
        clinic_directions=_text("CLINIC_DIRECTIONS"),
        prices_text=_text("CLINIC_PRICES"),
        insurance_text=_text("CLINIC_INSURANCE"),
        session_text=_text("CLINIC_SESSIONS"),
        opening_hours=parse_opening_hours(_text("OPENING_HOURS")),  # none set: none told, none booked
        timezone=ZoneInfo(_text("CLINIC_TIMEZONE", "America/New_York")),
        slot_minutes=int(_text("SLOT_MINUTES", "30")),
        booking_horizon_days=int(_text("BOOKING_HORIZON_DAYS", "90")),
        phone_region=_text("PHONE_REGION", "US").upper(),
        database_url=_text("DATABASE_URL") or default_database,
        tracker_store_url=_text("TRACKER_STORE_URL") or default_tracker_store,
        scheduling_webhook_url=_text("SCHEDULING_WEBHOOK_URL"),
        scheduling_webhook_token=_text("SCHEDULING_WEBHOOK_TOKEN"),
        action_server_url=_text("ACTION_SERVER_URL", "http://127.0.0.1:5055/webhook"),
        action_server_secret=_text("ACTION_SERVER_SECRET"),
        rasa_api_token=_text("RASA_API_TOKEN"),
        conversation_secret=_text("CONVERSATION_SECRET"),
        allow_weak_secrets=_text("ALLOW_WEAK_SECRETS").lower() in ("1", "true", "yes"),
        redis_url=_text("REDIS_URL"),
        widget_allowed_origins=_csv("WIDGET_ALLOWED_ORIGINS", "http://localhost:8080,http://127.0.0.1:8080"),
        twilio_account_sid=_text("TWILIO_ACCOUNT_SID"),
        twilio_auth_token=_text("TWILIO_AUTH_TOKEN"),
        twilio_number=_text("TWILIO_NUMBER"),
        twilio_webhook_url=_text("TWILIO_WEBHOOK_URL"),
        twilio_api_base_url=_text("TWILIO_API_BASE_URL") or "https://api.twilio.com",
        retention_days=int(_text("RETENTION_DAYS", "365")),
        max_message_chars=int(_text("MAX_MESSAGE_CHARS") or "2000"),
        rate_limit_per_sender=int(_text("RATE_LIMIT_PER_SENDER") or "30"),
        rate_limit_per_address=int(_text("RATE_LIMIT_PER_ADDRESS") or "120"),
        reply_timeout_seconds=float(_text("REPLY_TIMEOUT_SECONDS") or "10"),
        max_open_requests=int(_text("MAX_OPEN_REQUESTS") or "3"),
        identity_check_max_failures=int(_text("IDENTITY_CHECK_MAX_FAILURES") or "5"),
        identity_check_lockout_minutes=int(_text("IDENTITY_CHECK_LOCKOUT_MINUTES") or "15"),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once. Tests call `get_settings.cache_clear()`."""
    return settings_from_environment()
