"""What every form's turn is made of: the patient's message, the replies, the next question."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine

from bot.settings import Settings

# The interruptions each form leaves to the dialogue rules (data/dialogue/interruptions.yml has a rule for
# every one of them in every form; tests/test_dialogue_names.py checks). Other intents never
# interrupt: a message that does not fit gets the question again.
QUESTION_INTENTS = frozenset({"faq", "medical_advice", "other_services", "out_of_scope"})
ALWAYS_INTERRUPT = frozenset({"emergency", "human_handoff", "bot_challenge", "share_condition", "goodbye", "stop"})
LOOKUP_INTENTS = frozenset({"check_appointment", "cancel_appointment", "reschedule_appointment"})
INTERRUPTING_INTENTS = QUESTION_INTENTS | ALWAYS_INTERRUPT
MAX_FAILED_ANSWERS = 3  # then the patient is offered a call from staff
FAILED = "failed_answers"  # the misses in a row, in every form
# After the misses a form offers a call from staff; a typed "yes" to it (not only the button)
# ends the form, and its finishing action starts the call-back request; "no" asks again. The
# offer holds for the next message only: any turn of the form forgets it (`offer_forgotten`).
STAFF_CALL, STAFF_CALL_SLOT = "utter_offer_staff_call", "staff_call"
CALL_OFFERED, CALL_WANTED = "offered", "wanted"


@dataclass(frozen=True)
class Message:
    """The patient's latest message, and what the intent classifier made of it."""

    text: str
    intent: str = ""
    confidence: float = 1.0

    @property
    def payload_intent(self) -> str | None:
        """'/affirm' from a button: the intent named, else None."""
        text = self.text.strip()
        if text.startswith("/"):
            return text[1:].split("{", 1)[0].strip() or None
        return None

    @property
    def words(self) -> str:
        """The text, or nothing for a button payload like '/affirm'."""
        return "" if self.payload_intent else self.text.strip()


@dataclass(frozen=True)
class Say:
    """One reply: a response name from domain.yml, its template values, extra buttons."""

    response: str
    values: dict[str, Any] = field(default_factory=dict)
    buttons: tuple[dict[str, str], ...] = ()


@dataclass
class Turn:
    leave: bool = False  # an interruption: the dialogue rules answer it, the question waits
    changes: dict[str, Any] = field(default_factory=dict)  # slot -> new value
    say: list[Say] = field(default_factory=list)
    ask: str | None = None  # the question asked next (the form's requested slot); None ends the form


@dataclass(frozen=True)
class Clinic:
    """What a turn may look up: the diary, the settings, the clock, and whose conversation it is."""

    engine: Engine
    settings: Settings
    now: datetime  # aware, in the clinic's timezone
    conversation_id: str | None = None


def offer_forgotten(slots: dict[str, Any]) -> dict[str, Any]:
    """The change that forgets a staff-call offer still standing: empty when there is none."""
    return {STAFF_CALL_SLOT: None} if slots.get(STAFF_CALL_SLOT) == CALL_OFFERED else {}


def call_wanted() -> Turn:
    """A yes to the staff call: the form ends, and its finishing action starts the call-back."""
    return Turn(changes={STAFF_CALL_SLOT: CALL_WANTED, FAILED: 0.0}, ask=None)
