"""Checking, moving and cancelling a visit: two things that only the patient knows must match
before anything about any appointment is said.

- The reference code and the phone number that booked it; or, for a patient without the code,
  that phone number and the name the visit is under or its day (bot/clinic/identity_checks.py,
  which also refuses further tries for a while after a few misses).
- Moving asks for the new time as booking does (offers included); moving and cancelling are
  confirmed with a yes that picks ("ok then just cancel it" is yes; "maybe" asks again).
- "book a new appointment for tomorrow morning" leaves the lookup for a new booking.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from bot.clinic.identity_checks import FOUND, LOCKED, check_identity
from bot.clinic.patient_requests import find_appointment
from bot.clinic.references import looks_like_a_code, normalize_reference
from bot.dialogue.booking import OFFERED, PHONE, REQUESTED, START, TIME, is_interruption
from bot.dialogue.times import next_offers, take_time, time_buttons
from bot.dialogue.turns import (
    CALL_OFFERED,
    FAILED,
    MAX_FAILED_ANSWERS,
    STAFF_CALL,
    STAFF_CALL_SLOT,
    Clinic,
    Message,
    Say,
    Turn,
    call_wanted,
    offer_forgotten,
)
from bot.language.en.answers import read_message
from bot.language.en.dates import describe_slot
from bot.language.en.details import (
    NO,
    YES,
    clean_name,
    is_full_name,
    looks_like_skip,
    named_in,
    read_yes_no,
    says_no_code,
    wants_new_booking,
    wants_to_stop,
)

# The lookup form's slots (domain.yml; tests/test_dialogue_names.py checks they agree).
PURPOSE, REFERENCE, SECRET = "lookup_purpose", "lookup_reference", "lookup_secret"
WITHOUT_CODE, VERIFIED, CHANGE = "lookup_without_code", "lookup_verified", "change_confirmed"
NEW_BOOKING = "start_new_booking"
CHECK, RESCHEDULE, CANCEL = "check", "reschedule", "cancel"
LOOKUP_SLOTS = (
    REFERENCE,
    PURPOSE,
    PHONE,
    SECRET,
    WITHOUT_CODE,
    VERIFIED,
    TIME,
    START,
    OFFERED,
    CHANGE,
    FAILED,
    STAFF_CALL_SLOT,
)

STOPPED = "utter_form_stopped"
LOCKED_OUT = "utter_lookup_locked"
NOT_FOUND_REPLY = "utter_appointment_not_found"
WITHOUT_CODE_REPLY = "utter_lookup_without_code"
CONFIRM_QUESTION = {CANCEL: "utter_ask_confirm_cancel", RESCHEDULE: "utter_ask_confirm_move"}
_SAYS_YES = {CANCEL: re.compile(r"\bcancel\b"), RESCHEDULE: re.compile(r"\b(?:move|change|reschedule)\b")}
_KEEP_IT = re.compile(r"\b(?:keep|leave)\s+(?:it|that|my)\b|\bdon'?t\s+(?:cancel|move|change)\b")


def question(slot: str) -> str:
    return f"utter_lookup_ask_{slot}"


def forget_everything() -> dict[str, Any]:
    return {slot: None for slot in LOOKUP_SLOTS}


def code_in(text: str) -> str | None:
    """A reference code anywhere in the message ("my code is k7m-4qx", "K7M 4QX")."""
    words = [normalize_reference(w) for w in re.findall(r"[A-Za-z0-9#.-]+", text or "")]
    candidates = [w for w in words if len(w) == 6]
    candidates += [a + b for a, b in zip(words, words[1:]) if len(a) == 3 and len(b) == 3]  # "K7M 4QX"
    return next((c for c in candidates if looks_like_a_code(c)), None)


def _questions(state: dict[str, Any]) -> list[str]:
    purpose = state.get(PURPOSE) or CHECK
    asked = [PHONE, SECRET] if state.get(WITHOUT_CODE) else [REFERENCE, PHONE]
    if purpose == RESCHEDULE:
        asked.append(TIME)
    if purpose in (RESCHEDULE, CANCEL):
        asked.append(CHANGE)
    return asked


def _missing(state: dict[str, Any]) -> str | None:
    for slot in _questions(state):
        if state.get(slot) is None or (slot == TIME and state.get(START) is None):
            return slot
    return None


def _secret(text: str) -> str | None:
    """The full name on the visit ("Mary Jones"), which a patient without a code gives besides
    the phone number. A day is not taken: a weekday is guessed in a few tries."""
    name = named_in(text)[0] or clean_name(text)
    return name if is_full_name(name) else None


def lookup_turn(slots: dict[str, Any], message: Message | None, clinic: Clinic, activating: bool = False) -> Turn:
    state = {slot: slots.get(slot) for slot in LOOKUP_SLOTS}
    asked = None if activating else slots.get(REQUESTED)
    forget_offer = offer_forgotten(slots)  # an offer of a staff call stands for this message only
    if message is None:
        return _next(state, dict(forget_offer), [], clinic)
    intent = message.payload_intent or message.intent
    text = message.words
    if intent == "emergency":
        return Turn(leave=True)
    if asked and text and wants_to_stop(text):
        return Turn(changes=forget_everything(), say=[Say(STOPPED)], ask=None)
    if (wants_new_booking(text) or intent == "book_appointment") and asked not in (CHANGE,):
        return Turn(changes={**forget_everything(), NEW_BOOKING: True}, ask=None)
    if forget_offer and not activating:
        to_the_offer = read_yes_no(text)
        if to_the_offer == YES:
            return call_wanted()
        if to_the_offer == NO:
            return _next(state, dict(forget_offer), [], clinic)

    reading = read_message(text, clinic.now, clinic.settings.phone_region)
    changes: dict[str, Any] = dict(forget_offer)
    say: list[Say] = []
    problem: Say | None = None
    code = code_in(text) if not state.get(VERIFIED) and asked in (None, REFERENCE) else None
    if code:
        changes[REFERENCE] = code
        changes[WITHOUT_CODE] = None
    if reading.phone and not state.get(VERIFIED):
        changes[PHONE] = reading.phone

    if asked == REFERENCE and REFERENCE not in changes:
        if says_no_code(text) or looks_like_skip(text):
            changes[WITHOUT_CODE] = True
            say.append(Say(WITHOUT_CODE_REPLY))
        elif PHONE not in changes and not is_interruption(message, text, lookup_switches=False):
            problem = Say("utter_invalid_reference")
    elif asked == PHONE and PHONE not in changes:
        if reading.phone_like or looks_like_skip(text) or not is_interruption(message, text, lookup_switches=False):
            problem = Say("utter_invalid_phone")
    elif asked == SECRET:
        name = _secret(text)
        if name:
            changes[SECRET] = name
        elif not is_interruption(message, text, lookup_switches=False):
            problem = Say(question(SECRET))
    elif asked == TIME:
        offered = [datetime.fromisoformat(v) for v in state.get(OFFERED) or []]
        answer = take_time(text or "skip", clinic, offered, asked=True)
        if answer.start is not None:
            changes.update(
                {TIME: describe_slot(answer.start, clinic.now), START: answer.start.isoformat(), OFFERED: None}
            )
        elif (
            answer.say is not None
            and answer.say.response != "utter_time_no_date"
            or not is_interruption(message, text, lookup_switches=False)
        ):
            problem = answer.say
            changes[OFFERED] = [s.isoformat() for s in answer.offered]
    elif asked == CHANGE:
        purpose = state.get(PURPOSE)
        said = {"affirm": YES, "deny": NO}.get(message.payload_intent or "")
        if said is None and _KEEP_IT.search(text.lower()):
            said = NO
        if said is None:
            said = read_yes_no(text)
        if said is None and purpose in _SAYS_YES and _SAYS_YES[purpose].search(text.lower()):
            said = YES
        if said in (YES, NO):
            changes[CHANGE] = said == YES
        elif not is_interruption(message, text, lookup_switches=False) or read_yes_no(text) is not None:
            problem = _confirm_question(state, clinic)

    if asked is not None and not changes and problem is None and not say:
        if is_interruption(message, text, lookup_switches=False):
            return Turn(leave=True)
        problem = _reask(asked, state, clinic)

    if problem is not None and asked is not None:
        failures = int(state.get(FAILED) or 0) + 1
        if failures >= MAX_FAILED_ANSWERS:
            problem, failures = Say(STAFF_CALL), 0
            changes[STAFF_CALL_SLOT] = CALL_OFFERED
        changes[FAILED] = float(failures)
        say.append(problem)
        return Turn(changes=changes, say=say, ask=asked)
    return _next(state, changes, say, clinic)


def _reask(asked: str, state: dict[str, Any], clinic: Clinic) -> Say:
    if asked == REFERENCE:
        return Say("utter_invalid_reference")
    if asked == PHONE:
        return Say("utter_invalid_phone")
    if asked == CHANGE:
        return _confirm_question(state, clinic)
    return Say(question(asked))


def _appointment(state: dict[str, Any], clinic: Clinic):
    if not state.get(REFERENCE) or not state.get(PHONE):
        return None
    return find_appointment(clinic.engine, state[REFERENCE], state[PHONE], clinic.settings)


def _confirm_question(state: dict[str, Any], clinic: Clinic) -> Say:
    appointment = _appointment(state, clinic)
    when = describe_slot(appointment.start.astimezone(clinic.settings.timezone), clinic.now) if appointment else ""
    purpose = str(state.get(PURPOSE)) if state.get(PURPOSE) in CONFIRM_QUESTION else CANCEL
    return Say(CONFIRM_QUESTION[purpose], {"when": when, "new_when": state.get(TIME) or ""})


def _verify(state: dict[str, Any], changes: dict[str, Any], clinic: Clinic) -> Say | None:
    """Once the two identity details are in, find the appointment (or say it was not found)."""
    ready = state.get(PHONE) and (state.get(SECRET) if state.get(WITHOUT_CODE) else state.get(REFERENCE))
    if state.get(VERIFIED) or not ready:
        return None
    result = check_identity(
        clinic.engine,
        clinic.settings,
        clinic.conversation_id,
        state[PHONE],
        reference=None if state.get(WITHOUT_CODE) else state[REFERENCE],
        name=state[SECRET] if state.get(WITHOUT_CODE) else None,
        include_cancelled=(state.get(PURPOSE) or CHECK) == CHECK,
        now=clinic.now,
    )
    if result.outcome == FOUND and result.appointment is not None:
        changes.update({REFERENCE: result.appointment.reference, VERIFIED: True})
        state.update({REFERENCE: result.appointment.reference, VERIFIED: True})
        return None
    if result.outcome == LOCKED:
        changes.update(forget_everything())
        return Say(LOCKED_OUT, {"minutes": clinic.settings.identity_check_lockout_minutes})
    # The same words whichever detail was wrong: nothing is revealed.
    cleared = {REFERENCE: None, PHONE: None, SECRET: None}
    changes.update(cleared)
    state.update(cleared)
    return Say(NOT_FOUND_REPLY)


def _next(state: dict[str, Any], changes: dict[str, Any], say: list[Say], clinic: Clinic) -> Turn:
    state = {**state, **changes}
    refused = _verify(state, changes, clinic)
    if refused is not None:
        say.append(refused)
        if refused.response == LOCKED_OUT:
            return Turn(changes=changes, say=say, ask=None)
    slot = _missing(state)
    if slot is None:
        return Turn(changes=changes, say=say, ask=None)
    if slot == TIME:
        offers = next_offers(clinic)
        changes[OFFERED] = [s.isoformat() for s in offers]
        say.append(Say(question(TIME), buttons=time_buttons(offers, clinic.now)))
    elif slot == CHANGE:
        say.append(_confirm_question(state, clinic))
    else:
        say.append(Say(question(slot)))
    return Turn(changes=changes, say=say, ask=slot)
