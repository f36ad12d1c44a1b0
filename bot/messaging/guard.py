"""What the public webhooks (website chat and text messages) do with a message before the
assistant reads it. Plain Python; channels/rest.py and channels/sms.py are thin glue.

- Control characters are removed (a NUL byte would break a PostgreSQL tracker store).
- An empty message gets a kind nudge instead of a guess.
- A message longer than MAX_MESSAGE_CHARS gets a kind "please shorten it" and never reaches
  the NLU, unless it contains an unmistakable emergency phrase: then the assistant is given
  the `emergency` intent directly, so the 911 / 988 reply always comes.

No function here logs, and `Screened.reason` never holds any of the patient's words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.language.en.crisis_phrases import is_unmistakable_emergency

EMERGENCY_PAYLOAD = "/emergency"
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Screened:
    """Either a message for the assistant, or a reply to send instead."""

    message: str | None  # what the assistant reads; None: send `reply` instead
    reply: str | None
    reason: str  # "ok", "empty", "too long", "emergency in a long message": safe to log


def _call_us(phone: str) -> str:
    return f"call us at {phone}" if phone else "call the clinic"


def empty_reply() -> str:
    return (
        "I didn't get any words there. What would you like to know? You can ask about "
        "neuropathy, the therapy or appointments."
    )


def too_long_reply(phone: str) -> str:
    return (
        "That message is too long for me \u2014 could you shorten it to a few sentences? "
        f"Or {_call_us(phone)}."
    )


def trouble_reply(phone: str) -> str:
    return f"Sorry, I'm having trouble right now. Please try again in a minute or {_call_us(phone)}."


def replies_after_failure(patient_text: str, said: list[str], emergency_reply: str | None, phone: str) -> list[str]:
    """What the patient gets when their turn failed (the action server down or too slow).

    The apology with the phone number, and nothing else the assistant said in that turn,
    which may rest on details that were never saved. The emergency message is the exception:
    it goes out first whenever the assistant had already said it or the patient's message is
    an unmistakable emergency, since it needs nothing from the action server.
    """
    emergency = bool(emergency_reply) and (
        any(emergency_reply in text for text in said)
        or patient_text == EMERGENCY_PAYLOAD
        or is_unmistakable_emergency(patient_text)
    )
    return ([emergency_reply] if emergency else []) + [trouble_reply(phone)]


def screen(text: str, max_chars: int, phone: str) -> Screened:
    """Decide what happens to one incoming message of `text`."""
    cleaned = _CONTROL_CHARACTERS.sub("", text).strip()
    if not cleaned:
        return Screened(None, empty_reply(), "empty")
    if len(cleaned) <= max_chars:
        return Screened(cleaned, None, "ok")
    if is_unmistakable_emergency(cleaned):
        return Screened(EMERGENCY_PAYLOAD, None, "emergency in a long message")
    return Screened(None, too_long_reply(phone), "too long")
