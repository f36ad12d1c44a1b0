"""What the public webhooks (website chat and text messages) do with a message before the
assistant reads it. Plain Python; channels/rest.py and channels/sms.py are thin glue.

- The crisis detector (bot/safety/crisis.py) reads every message first, however long, and a
  crisis goes to the assistant as `/emergency{"crisis_category": ...}`: the 911 / 988 reply
  always comes, inside a form too.
- Control characters and lone surrogates are removed (a NUL byte would break a PostgreSQL
  tracker store, a lone surrogate cannot be stored as UTF-8).
- An empty message gets a kind nudge instead of a guess.
- A message longer than MAX_MESSAGE_CHARS gets a kind "please shorten it" and never reaches
  the NLU.

No function here logs, and `Screened.reason` never holds any of the patient's words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass

from bot.safety.crisis import Crisis

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True)
class Screened:
    """Either a message for the assistant, or a reply to send instead."""

    message: str | None  # what the assistant reads; None: send `reply` instead
    reply: str | None
    reason: str  # "ok", "crisis", "empty", "too long": safe to log


def _call_us(phone: str) -> str:
    return f"call us at {phone}" if phone else "call the clinic"


def empty_reply() -> str:
    return (
        "I didn't get any words there. What would you like to know? You can ask about "
        "neuropathy, the therapy or appointments."
    )


def too_long_reply(phone: str) -> str:
    return f"That message is too long for me \u2014 could you shorten it to a few sentences? Or {_call_us(phone)}."


def trouble_reply(phone: str) -> str:
    return f"Sorry, I'm having trouble right now. Please try again in a minute or {_call_us(phone)}."


def crisis_payload(crisis: Crisis) -> str:
    """What the assistant is given for a crisis: the intent and its category, no patient words."""
    return "/emergency" + json.dumps({"crisis_category": crisis.category})


def clean(text: str) -> str:
    """The text without control characters, lone surrogates and surrounding space."""
    return _CONTROL_CHARACTERS.sub("", text).strip()


def replies_after_failure(
    said: list[str], crisis_reply: str | None, crisis_replies: Collection[str], phone: str
) -> list[str]:
    """What the patient gets when their turn failed (the action server down or too slow).

    The apology with the phone number, and nothing else the assistant said in that turn,
    which may rest on details that were never saved. The crisis reply is the exception: it
    goes out first whenever the message was a crisis (`crisis_reply`, for its category) or the
    assistant had already said one of `crisis_replies`, since it needs nothing from the
    action server.
    """
    first = crisis_reply or next((text for text in said if text in crisis_replies), None)
    return ([first] if first else []) + [trouble_reply(phone)]


def screen(text: str, max_chars: int, phone: str, crisis: Crisis | None = None) -> Screened:
    """Decide what happens to one incoming message of `text`, in which `crisis` was found (or not)."""
    if crisis is not None:
        return Screened(crisis_payload(crisis), None, "crisis")
    cleaned = clean(text)
    if not cleaned:
        return Screened(None, empty_reply(), "empty")
    if len(cleaned) <= max_chars:
        return Screened(cleaned, None, "ok")
    return Screened(None, too_long_reply(phone), "too long")
