"""Booking a visit: each message read for every detail it gives, in any order, and the one
question still missing asked next, briefly.

    booking_turn(slots, Message("John Smith 617-555-0143"), clinic) -> Turn(changes=..., say=..., ask=...)

- The answer to the question asked comes first: a name, a phone, a time, a yes/no, a button's
  title, "skip" for an optional question fill it, whatever intent the classifier chose. Only a
  clear interruption (a crisis, a question, "stop", a goodbye, a request for a person, a story
  about one's health) leaves the question to the dialogue rules. "skip" on a required question
  gets a kind word on why it is needed.
- A message may give several details ("Hi, I'm John Smith 617-555-0143, want Tuesday 3pm,
  first visit"), at the start or at any question; they are noted and only the missing ones are
  asked. Corrections in words ("actually make it Friday", "my name is John with an h") change
  the right detail at any point, the summary included.
- At the summary, "no" asks which detail to change; naming one asks it again and keeps the rest.
- Either/or questions take only an answer that picks one: "yes", "no" or "maybe" get the question
  again, plainly, with its buttons. "maybe" is not consent.
- "stop" forgets everything the form gathered.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.clinic.contact_details import normalize_email
from bot.clinic.patient_requests import open_requests
from bot.dialogue.times import is_free, next_offers, offers_say, take_time, the_offer_meant, time_buttons
from bot.dialogue.turns import (
    CALL_OFFERED,
    FAILED,
    INTERRUPTING_INTENTS,
    LOOKUP_INTENTS,
    MAX_FAILED_ANSWERS,
    QUESTION_INTENTS,
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
from bot.language.en.booking_text import booking_summary, noted
from bot.language.en.dates import describe_slot
from bot.language.en.details import (
    NO,
    UNSURE,
    YES,
    clean_name,
    detail_named_in,
    is_full_name,
    leading_name,
    looks_like_question,
    looks_like_skip,
    merge_name,
    only_asks_to_go_on,
    read_contact_consent,
    read_yes_no,
    wants_to_stop,
)

# The booking form's slots (domain.yml; tests/test_dialogue_names.py checks they agree).
REQUESTED = "requested_slot"
NAME, PHONE, TIME, START = "patient_name", "patient_phone", "preferred_time", "appointment_start"
REASON, STATUS, CONSENT, EMAIL = "visit_reason", "patient_status", "contact_consent", "patient_email"
CONFIRMED, DETAIL, OFFERED = "booking_confirmed", "detail_to_change", "offered_times"
QUESTIONS = (NAME, PHONE, TIME, REASON, STATUS, CONSENT, EMAIL, CONFIRMED)  # asked in this order
BOOKING_SLOTS = (*QUESTIONS, START, DETAIL, OFFERED, FAILED, STAFF_CALL_SLOT)
# What the patient calls each detail (bot/language/en/details.py, detail_named_in).
DETAIL_SLOTS = {
    "name": NAME,
    "phone": PHONE,
    "time": TIME,
    "reason": REASON,
    "status": STATUS,
    "consent": CONSENT,
    "email": EMAIL,
}

# Responses (domain.yml). Each question is utter_booking_ask_<slot>; the either/or questions
# have a plain re-ask, utter_booking_reask_<slot>, with the same buttons.
INTRO = "utter_booking_start"
NOTED = "utter_booking_noted"
SORRY = "utter_sorry_to_hear"
STOPPED = "utter_form_stopped"
TOO_MANY = "utter_too_many_requests"
NO_CALENDAR = "utter_booking_needs_staff"  # the clinic has set no opening hours: nothing can be booked here
INVALID = {NAME: "utter_invalid_name", PHONE: "utter_invalid_phone", EMAIL: "utter_invalid_email"}
NEEDED = {NAME: "utter_name_needed", PHONE: "utter_phone_needed"}  # "skip" on a required question
REASKED = (STATUS, CONSENT, CONFIRMED, DETAIL)
# Re-asks that only repeat the question: after a message that gave other details (a correction
# while another question was open), the question is asked as it was instead.
PLAIN_REASKS = frozenset({*(f"utter_booking_reask_{slot}" for slot in REASKED), INVALID[PHONE], INVALID[EMAIL]})
# Replies about the diary, not about a wrong answer: they do not count towards a staff call.
NOT_A_MISS = frozenset(
    {
        "utter_time_offer",
        "utter_time_none_fit",
        "utter_time_which_one",
        "utter_time_taken",
        "utter_time_day_full",
        "utter_time_other_day",
    }
)


def question(slot: str) -> str:
    return f"utter_booking_ask_{slot}"


def reask(slot: str) -> str:
    return f"utter_booking_reask_{slot}"


def forget_everything() -> dict[str, Any]:
    return {slot: None for slot in BOOKING_SLOTS}


def _missing(details: dict[str, Any]) -> str | None:
    for slot in QUESTIONS:
        if details.get(slot) is None or (slot == TIME and details.get(START) is None):
            return slot
    return None


def _offered(details: dict[str, Any]) -> list[datetime]:
    return [datetime.fromisoformat(value) for value in details.get(OFFERED) or []]


def _ask(slot: str, details: dict[str, Any], clinic: Clinic, changes: dict[str, Any]) -> list[Say]:
    """The question for `slot`; the time question comes with the next free slots as buttons."""
    if slot == TIME:
        offers = next_offers(clinic)
        changes[OFFERED] = [s.isoformat() for s in offers]
        return [Say(question(TIME), buttons=time_buttons(offers, clinic.now))]
    if slot == CONFIRMED:
        return [Say(question(CONFIRMED), {"summary": booking_summary(details, clinic.settings.phone_region)})]
    return [Say(question(slot))]


def is_interruption(message: Message, text: str, free_text: bool = False, lookup_switches: bool = True) -> bool:
    """A clear interruption: the rules answer it and the question waits.

    `lookup_switches`: "I need to cancel my appointment" leaves this form for a lookup (not
    inside a lookup, where it only changes what the lookup is for).
    """
    intent = message.payload_intent or message.intent
    if intent not in INTERRUPTING_INTENTS | (LOOKUP_INTENTS if lookup_switches else frozenset()):
        return False
    if intent in QUESTION_INTENTS:
        return looks_like_question(text) or (not free_text and message.confidence >= 0.8)
    if intent in LOOKUP_INTENTS:  # "I need to cancel my appointment" while booking another
        return "appointment" in text.lower() or "booking" in text.lower() or message.payload_intent is not None
    if intent == "share_condition":
        return not free_text  # at "what is the visit about?" it is the answer
    if intent in ("goodbye", "stop"):
        return message.confidence >= 0.6 or message.payload_intent is not None
    return True


def _too_many(clinic: Clinic, phone: str | None) -> bool:
    count = open_requests(
        clinic.engine, clinic.settings, clinic.now, phone=phone, conversation_id=clinic.conversation_id
    )
    return count >= clinic.settings.max_open_requests


def _ended(say: str) -> Turn:
    return Turn(changes=forget_everything(), say=[Say(say)], ask=None)


def booking_turn(slots: dict[str, Any], message: Message | None, clinic: Clinic, activating: bool = False) -> Turn:
    """One turn of the booking form.

    `slots`: the conversation's slots now; `message`: the patient's latest message, or None when
    the form comes back after an interruption (the question is asked again, briefly);
    `activating`: the form starts with this message (a detail it gives is taken too).
    """
    details = {slot: slots.get(slot) for slot in BOOKING_SLOTS}
    asked = None if activating else slots.get(REQUESTED)
    if activating and not clinic.settings.opening_hours:
        return _ended(NO_CALENDAR)
    if activating and _too_many(clinic, None):
        return _ended(TOO_MANY)
    forget_offer = offer_forgotten(slots)  # an offer of a staff call stands for this message only
    if message is None:
        return _next(details, dict(forget_offer), [], clinic)
    intent = message.payload_intent or message.intent
    text = message.words
    if intent == "emergency":
        return Turn(leave=True)
    if asked and text and wants_to_stop(text):
        return _ended(STOPPED)
    if forget_offer and not activating:
        to_the_offer = read_yes_no(text)
        if to_the_offer == YES:
            return call_wanted()
        if to_the_offer == NO:
            return _next(details, dict(forget_offer), [], clinic)
    if asked == REASON and is_interruption(message, text, free_text=True) and not looks_like_skip(text):
        return Turn(leave=True)

    reading = read_message(text, clinic.now, clinic.settings.phone_region)
    changes: dict[str, Any] = dict(forget_offer)
    say: list[Say] = []
    problem: Say | None = None
    problem_slot: str | None = None
    explicit_ask: str | None = None

    # --- Every detail the message gives, whatever was asked ------------------------------
    if reading.phone:
        changes[PHONE] = reading.phone
    if reading.email:
        changes[EMAIL] = reading.email
    if reading.status:
        changes[STATUS] = reading.status
    if reading.consent and asked != CONSENT:
        changes[CONSENT] = reading.consent == YES
    if reading.name:
        merged = merge_name(details[NAME] or changes.get(NAME), reading.name, reading.name_part)
        if merged:
            changes[NAME] = merged
        elif asked in (NAME, CONFIRMED, DETAIL):
            problem, problem_slot = Say(INVALID[NAME]), NAME
    if reading.reason and not details[REASON] and asked != REASON:
        changes[REASON] = reading.reason
    if reading.time_text and (asked == TIME or asked != REASON or reading.correction or not reading.rest):
        keep_time = None
        if details[START] and asked != TIME:
            keep_time = datetime.fromisoformat(str(details[START])).astimezone(clinic.settings.timezone).time()
        answer = take_time(reading.time_text, clinic, _offered(details), asked=asked == TIME, keep_time=keep_time)
        if answer.start is not None:
            changes.update(
                {TIME: describe_slot(answer.start, clinic.now), START: answer.start.isoformat(), OFFERED: None}
            )
        else:
            problem, problem_slot = answer.say, TIME
            changes.update({TIME: None, START: None, OFFERED: [s.isoformat() for s in answer.offered]})

    # --- The question asked ---------------------------------------------------------------
    skip = looks_like_skip(text)
    answered = asked is None or asked in changes or problem_slot == asked
    if not answered:
        if asked == NAME:
            candidate = clean_name(reading.rest) if reading.rest else None
            if not is_full_name(candidate):  # "it's for my mom, Ruth Feldman": the piece that is a name
                candidate = next(
                    (name for name in map(clean_name, reading.rest.split(", ")) if is_full_name(name)), candidate
                )
            if not is_full_name(candidate) and not reading.time_text:  # not "wait December 1 is today?"
                candidate = leading_name(text) or candidate
            if is_full_name(candidate):
                changes[NAME] = candidate
            elif skip:
                problem, problem_slot = Say(NEEDED[NAME]), NAME
            elif candidate:  # a first name only
                problem, problem_slot = Say(INVALID[NAME]), NAME
        elif asked == PHONE:
            if skip:
                problem, problem_slot = Say(NEEDED[PHONE]), PHONE
            elif reading.phone_like:
                problem, problem_slot = Say(INVALID[PHONE]), PHONE
        elif (
            asked == TIME
            and len(_offered(details)) > 1
            and read_yes_no(text) == YES
            and the_offer_meant(text, _offered(details), clinic) is None
        ):
            offers = _offered(details)  # "yes" to three times: which one?
            problem, problem_slot = Say("utter_time_which_one", buttons=time_buttons(offers, clinic.now)), TIME
        elif asked == TIME:
            answer = take_time(text or "skip", clinic, _offered(details), asked=True)
            if answer.start is not None:
                changes.update(
                    {TIME: describe_slot(answer.start, clinic.now), START: answer.start.isoformat(), OFFERED: None}
                )
            elif (
                answer.say is not None
                and answer.say.response != "utter_time_no_date"
                or not is_interruption(message, text)
            ):
                problem, problem_slot = answer.say, TIME
                changes[OFFERED] = [s.isoformat() for s in answer.offered]
        elif asked == REASON:
            correction = (TIME in changes or problem_slot == TIME) and (reading.correction or not reading.rest)
            if skip or intent == "deny":
                changes[REASON] = ""
            elif only_asks_to_go_on(text):
                pass  # "ok lets keep going with the booking": the question again, not a reason
            elif not correction:
                reason = reading.rest if changes and reading.rest else text
                if reason:
                    changes[REASON] = " ".join(reason.split())[:500]
                    if intent == "share_condition":
                        say.append(Say(SORRY))
        elif asked == STATUS:
            problem, problem_slot = Say(reask(STATUS)), STATUS
        elif asked == CONSENT:
            said = {"affirm": YES, "deny": NO}.get(message.payload_intent or "") or read_contact_consent(text)
            if said in (YES, NO):
                changes[CONSENT] = said == YES
            elif said == UNSURE or skip or not is_interruption(message, text):
                problem, problem_slot = Say(reask(CONSENT)), CONSENT
        elif asked == EMAIL:
            if skip or message.payload_intent == "deny" or read_yes_no(text) == NO:
                changes[EMAIL] = ""
            elif "@" in text or normalize_email(text) is None and not is_interruption(message, text):
                problem, problem_slot = Say(INVALID[EMAIL]), EMAIL
        elif asked == CONFIRMED:
            explicit_ask, problem, problem_slot = _at_summary(message, text, reading, details, changes, clinic)
        elif asked == DETAIL:
            explicit_ask, problem, problem_slot = _which_detail(message, text, reading, details, changes)

    if (
        asked == CONFIRMED
        and problem is None
        and explicit_ask is None
        and any(slot in changes for slot in DETAIL_SLOTS.values())
    ):
        explicit_ask = CONFIRMED  # a detail changed in words: the summary again
    if (
        asked == DETAIL
        and explicit_ask is None
        and problem is None
        and any(slot in changes for slot in DETAIL_SLOTS.values())
    ):
        explicit_ask = CONFIRMED

    gave_other_details = any(slot in changes for slot in DETAIL_SLOTS.values() if slot != asked)
    if (
        gave_other_details
        and asked not in changes
        and problem is not None
        and problem_slot == asked
        and problem.response in PLAIN_REASKS
    ):
        problem, problem_slot, explicit_ask = None, None, asked  # e.g. a correction: the question again, as asked

    filled = asked is None or asked in changes or explicit_ask is not None
    if not filled and problem is None:
        if not changes and is_interruption(message, text):
            return Turn(leave=True)
        problem, problem_slot = _reask_for(str(asked)), asked
    if (
        not filled
        and looks_like_question(text)
        and intent in QUESTION_INTENTS
        and asked != TIME
        and is_interruption(message, text)
    ):
        return Turn(leave=True)  # a question that happens to name a day: answer it first

    if PHONE in changes and _too_many(clinic, changes[PHONE]):
        return _ended(TOO_MANY)

    # --- What was taken beyond the question, then the next question -----------------------
    taken = {
        slot: value
        for slot, value in changes.items()
        if slot in DETAIL_SLOTS.values() and slot != asked and value not in (None, "")
    }
    if taken and asked not in (CONFIRMED, DETAIL):
        say.append(Say(NOTED, {"noted": noted(taken, clinic.settings.phone_region)}))
    if activating:
        say.insert(0, Say(INTRO))
    if problem is not None and problem_slot == asked and problem.response not in NOT_A_MISS:
        failures = int(details.get(FAILED) or 0) + 1
        if failures >= MAX_FAILED_ANSWERS:
            problem, failures = Say(STAFF_CALL), 0
            changes[STAFF_CALL_SLOT] = CALL_OFFERED
        changes[FAILED] = float(failures)
    elif asked in changes:
        changes[FAILED] = 0.0
    return _next(details, changes, say, clinic, problem, problem_slot, explicit_ask)


def _reask_for(slot: str) -> Say:
    if slot in INVALID:
        return Say(INVALID[slot])
    if slot in REASKED:
        return Say(reask(slot))
    return Say(question(slot))


def _at_summary(message, text, reading, details, changes, clinic):
    """'Shall I send it?': yes sends it, no asks which detail, a detail named is asked again."""
    if any(slot in changes for slot in DETAIL_SLOTS.values()):
        return None, None, None  # corrected in words: the summary is shown again
    answer = {"affirm": YES, "deny": NO}.get(message.payload_intent or "") or read_yes_no(text)
    detail = detail_named_in(text)
    if detail and answer != YES:
        cleared = DETAIL_SLOTS[detail]
        changes.update({cleared: None, OFFERED: None})
        if cleared == TIME:
            changes[START] = None
        return cleared, None, None
    if answer == YES and not detail:
        start = datetime.fromisoformat(details[START])
        if is_free(clinic, start):
            changes[CONFIRMED] = True
            return None, None, None
        others = next_offers(clinic)
        changes.update({TIME: None, START: None, OFFERED: [s.isoformat() for s in others]})
        return None, offers_say("utter_time_taken", others, clinic), TIME
    if answer == NO or "change" in text.lower() or "wrong" in text.lower() or "fix" in text.lower():
        return DETAIL, None, None
    candidate = clean_name(text)
    if is_full_name(candidate) and candidate != details[NAME]:
        changes[NAME] = candidate
        return CONFIRMED, None, None
    return None, None, None


def _which_detail(message, text, reading, details, changes):
    """'Which detail would you like to change?': that detail is asked again, the rest kept."""
    if any(slot in changes for slot in DETAIL_SLOTS.values()):
        return CONFIRMED, None, None
    detail = detail_named_in(text)
    if detail:
        cleared = DETAIL_SLOTS[detail]
        changes.update({cleared: None, OFFERED: None})
        if cleared == TIME:
            changes[START] = None
        return cleared, None, None
    answer = {"affirm": YES, "deny": NO}.get(message.payload_intent or "") or read_yes_no(text)
    if answer in (YES, NO) or text.lower().strip(" .!") in ("nothing", "none", "never mind", "it's fine", "all good"):
        return CONFIRMED, None, None
    candidate = clean_name(text)
    if is_full_name(candidate):
        changes[NAME] = candidate
        return CONFIRMED, None, None
    return None, None, None


def _next(details, changes, say, clinic, problem=None, problem_slot=None, explicit_ask=None) -> Turn:
    """Apply the changes and ask what comes next: the problem's question, the detail to change,
    or the first question still open; None when the patient said yes to the summary."""
    merged = {**details, **changes}
    if problem is not None:
        say.append(problem)
        return Turn(changes=changes, say=say, ask=problem_slot)
    if explicit_ask == DETAIL:
        say.append(Say(question(DETAIL)))
        return Turn(changes=changes, say=say, ask=DETAIL)
    if explicit_ask == CONFIRMED:
        merged[CONFIRMED] = None
        changes[CONFIRMED] = None
    if merged.get(CONFIRMED) is True and _missing(merged) is None:
        return Turn(changes=changes, say=say, ask=None)
    if merged.get(CONFIRMED) is False:
        changes[CONFIRMED] = merged[CONFIRMED] = None
    slot = explicit_ask if explicit_ask not in (None, CONFIRMED) else _missing(merged)
    if slot is None:  # everything is there and the patient said yes
        return Turn(changes=changes, say=say, ask=None)
    say.extend(_ask(slot, merged, clinic, changes))
    return Turn(changes=changes, say=say, ask=slot)
