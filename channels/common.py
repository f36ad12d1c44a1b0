"""Glue shared by the project's input channels: the crisis check, the client's address, the
rate limits, and handing a message to the assistant with a deadline. The rules are in
bot/safety/ and bot/messaging/. Nothing here logs a sender, an address or a message."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Optional

from rasa.core.channels.channel import UserMessage
from rasa.shared.core.constants import DEFAULT_INTENTS
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.clinic.database import get_engine
from bot.language.en import crisis_phrases
from bot.language.en.details import looks_like_question
from bot.messaging import guard
from bot.messaging.rate_limit import WebhookLimits
from bot.messaging.redis_rate_limit import RedisRateLimiter, redis_client
from bot.safety import flags
from bot.safety.crisis import Crisis, shared_detector
from bot.settings import Settings
from rasa_internals import action_failures

logger = logging.getLogger(__name__)


def limits_from(settings: Settings, webhook: str) -> WebhookLimits:
    """The rate limits of one webhook ("rest", "sms"): in Redis, shared by every Rasa server,
    when REDIS_URL is set; otherwise counted in this process."""
    if not settings.redis_url:
        return WebhookLimits(settings.rate_limit_per_sender, settings.rate_limit_per_address)
    client = redis_client(settings.redis_url)
    return WebhookLimits(
        settings.rate_limit_per_sender,
        settings.rate_limit_per_address,
        make_limiter=lambda per_minute, kind: RedisRateLimiter(per_minute, client, f"{webhook}:{kind}"),
    )


GENERAL_CRISIS = "general"


CRISIS_REPLY, CHECK_IN = "utter_emergency", "utter_crisis_check_in"
PAUSED = "_paused"  # utter_booking_paused, utter_lookup_paused, utter_callback_paused
CARRY_ON = "/affirm"  # their button's payload: "I'm safe, let's carry on"


def crisis_replies(agent: Any, response: str = CRISIS_REPLY) -> dict[str, str]:
    """The assistant's own crisis replies (utter_emergency, data/en/responses/replies.yml) by
    crisis category, or those of `response`; the variation without a condition is "general"."""
    domain = getattr(agent, "domain", None)
    replies: dict[str, str] = {}
    for variation in (domain.responses.get(response) or []) if domain is not None else []:
        conditions = variation.get("condition") or []
        category = next((c.get("value") for c in conditions if c.get("name") == "crisis_category"), GENERAL_CRISIS)
        replies.setdefault(str(category), variation.get("text") or "")
    return replies


def button_intents(agent: Any) -> frozenset[str]:
    """The intents a client's "/intent" may name: the domain's, less retrieval intents (the
    widget's buttons never send "/faq") and Rasa's own (/restart, /back, /session_start...,
    which no button sends). Empty while no model is loaded."""
    domain = getattr(agent, "domain", None)
    if domain is None:
        return frozenset()
    return frozenset(domain.intents) - frozenset(domain.retrieval_intents) - frozenset(DEFAULT_INTENTS)


def crisis_reply(agent: Any, crisis: Optional[Crisis]) -> Optional[str]:
    if crisis is None:
        return None
    replies = crisis_replies(agent)
    return replies.get(crisis.category) or replies.get(GENERAL_CRISIS)


def detect_crisis(text: str) -> Optional[Crisis]:
    """The crisis detector on a message, before anything else looks at it."""
    crisis = shared_detector().detect(guard.clean(text))
    if crisis is not None:
        logger.info("a crisis message (%s, found by %s)", crisis.category, crisis.found_by)
    return crisis


@dataclass(frozen=True)
class AfterCrisis:
    """What a message right after a crisis reply is: the crisis again, or a check-in to send
    before the assistant's own reply ("I'm ok now" gets the numbers once more)."""

    crisis: Optional[Crisis] = None
    check_in: Optional[str] = None
    # With a check-in, what the assistant reads instead of the message: CARRY_ON when a form was
    # paused for the crisis ("im safe now", "its ok now, can we finish the booking?": the "I'm
    # safe, let's carry on" button); else the rest of the message ("the ambulance came, im safe.
    # is there parking?" -> "is there parking"), or "" when there is no rest: the check-in is the
    # whole answer.
    text: Optional[str] = None


async def in_light_of_the_last_reply(
    agent: Any, conversation_id: str, text: str, crisis: Optional[Crisis]
) -> AfterCrisis:
    """Read a message, and the detector's finding on it, in the light of a crisis just before.

    Found routine: right after the crisis reply, "no im not ok", "i still want to do it" or a
    bare "no" or "yeah" is that crisis again, and "im fine now, sorry" gets a check-in (and, if a
    form was paused, "can we finish the booking" carries it on). Later, within
    flags.REPEAT_MINUTES of the crisis, only words that say it goes on ("actually no im not
    fine") bring the crisis reply back. Found a crisis by the classifier right after a crisis
    reply: it is the same crisis going on, with the last reply's category ("its ok hes not here
    right now" after the abuse reply gets the abuse hotline again, not 988; "they're on their
    way, he's still not responding" after the 911 reply gets 911 again, not the abuse hotline),
    unless it says they are safe in so many words, or all right once help came or asking to go
    on ("the ambulance came, im safe now, is there parking?", "the paramedics have been, he's
    fine, can we finish the booking?"): then the check-in, as for a routine message. A phrase
    keeps its own crisis ("i already took some of them"). A crisis found by the classifier a few
    messages after a crisis reply (within flags.REPEAT_MINUTES) is read the same way, with that
    crisis's category ("I can't see out of it, can it wait?" after a sudden loss of sight gets
    911 again, not 988). With no crisis before: the finding as it is.
    """
    clean = guard.clean(text)
    still, bare = crisis_phrases.still_in_crisis(clean), crisis_phrases.bare_answer(clean)
    if crisis is not None:
        if crisis.found_by != "classifier":  # a phrase is a crisis of its own
            return AfterCrisis(crisis=crisis)
    elif not (
        still
        or bare
        or crisis_phrases.all_right_now(clean)
        or crisis_phrases.help_came(clean)  # "the ambulance came and took her to hospital"
        or crisis_phrases.wants_to_carry_on(clean)  # "we continue the booking?"
    ):
        return AfterCrisis()
    if agent is None or getattr(agent, "tracker_store", None) is None:
        return AfterCrisis(crisis=crisis)
    try:
        tracker = await agent.tracker_store.retrieve(conversation_id)
    except Exception as error:  # noqa: BLE001 - the message still goes to the assistant
        logger.warning("could not read the conversation after a crisis: %s", type(error).__name__)
        return AfterCrisis(crisis=crisis)
    replies = latest_replies(tracker)
    category = str(tracker.get_slot("crisis_category") or GENERAL_CRISIS) if CRISIS_REPLY in replies else None
    if crisis is not None:
        if category is None:  # a few messages after a crisis, still about it: the same kind
            category = await recent_crisis(conversation_id)
        if category is None or category == GENERAL_CRISIS:
            return AfterCrisis(crisis=crisis)
        if still or not crisis_phrases.safe_now(clean):  # the same crisis, going on
            return AfterCrisis(crisis=Crisis(going_on_as(category, clean), crisis.found_by))
        # "the ambulance came, im safe now": the check-in below, and the rest of the message read
    if category is None:
        if not still:
            return AfterCrisis()
        category = await recent_crisis(conversation_id)
        if category is None:
            return AfterCrisis()
    if still or bare:
        category = going_on_as(category, clean)
        logger.info("a crisis message (%s, found after the crisis reply)", category)
        return AfterCrisis(crisis=Crisis(category, "after the crisis reply"))
    check_ins = crisis_replies(agent, CHECK_IN)
    rest = CARRY_ON if paused_form_waiting(tracker) else what_else_it_says(clean)
    return AfterCrisis(check_in=check_ins.get(category) or check_ins.get(GENERAL_CRISIS), text=rest)


def going_on_as(category: str, text: str) -> str:
    """The kind of a crisis that goes on: as before, but someone passing out ("she's barely
    awake now") is medical (911 now, not Poison Help or 988), and "i already took some of them"
    an overdose (Poison Help and 911)."""
    if crisis_phrases.losing_consciousness(text):
        return "medical"
    if crisis_phrases.took_something(text):
        return "overdose"
    return category


async def recent_crisis(conversation_id: str) -> Optional[str]:
    """The kind of this conversation's crisis in the last flags.REPEAT_MINUTES, if any."""
    try:
        return await asyncio.to_thread(flags.recent_crisis, get_engine(), conversation_id)
    except Exception as error:  # noqa: BLE001 - the message still goes to the assistant
        logger.warning("could not read the safety flags: %s", type(error).__name__)
        return None


def what_else_it_says(text: str) -> str:
    """A message that says they are all right after a crisis reply, without the sentences that
    say so or that still read like the crisis: what is left for the assistant to answer."""
    return ". ".join(
        sentence
        for sentence in crisis_phrases.sentences(text)
        if (looks_like_question(sentence) or not crisis_phrases.all_right_now(sentence))
        and shared_detector().detect(sentence) is None
    )


def paused_form_waiting(tracker: Any) -> bool:
    """Was a form paused for the crisis, with nothing but crisis replies since?"""
    for event in reversed(tracker.events if tracker is not None else []):
        if isinstance(event, BotUttered):
            response = str((event.metadata or {}).get("utter_action") or "")
            if response != CRISIS_REPLY:
                return response.endswith(PAUSED)
    return False


def latest_replies(tracker: Any) -> list[str]:
    """The responses (utter_action) the assistant gave to the latest message; none with no
    conversation yet."""
    replies: list[str] = []
    for event in reversed(tracker.events if tracker is not None else []):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            replies.append(str((event.metadata or {}).get("utter_action")))
    return replies


async def flag_for_staff(crisis: Crisis, channel: str, conversation_id: str) -> None:
    """Put the crisis in the staff's urgent queue; a failure there never holds the reply up."""
    try:
        await asyncio.to_thread(flags.flag_crisis, get_engine(), crisis.category, channel, conversation_id)
    except Exception as error:  # noqa: BLE001 - the patient's reply matters more than the flag
        logger.error("could not flag a crisis for staff: %s", type(error).__name__)


def client_address(request: Request) -> str:
    """The client's address: from the proxy's headers when Sanic is told to trust them
    (SANIC_PROXIES_COUNT, SANIC_REAL_IP_HEADER or SANIC_FORWARDED_SECRET), else the peer."""
    return request.remote_addr or request.ip or "unknown"


def too_many_requests(webhook: str, what: str) -> HTTPResponse:
    logger.warning("%s webhook: too many messages from one %s; refused with 429", webhook, what)
    return response.json(
        {"error": "too many messages; please wait a minute"}, status=429, headers={"Retry-After": "60"}
    )


class Turn(Enum):
    DONE = "done"
    FAILED = "failed"  # an action failed (action server down?) or the assistant raised
    TIMED_OUT = "timed out"


action_failures.install()  # a failed action is told to handle_within (rasa_internals/action_failures.py)


async def handle_within(
    on_new_message: Callable[[UserMessage], Awaitable[Any]], message: UserMessage, seconds: float
) -> Turn:
    """Let the assistant handle `message` within `seconds`, and say how that went.

    On a timeout the turn is cancelled and not stored, so the conversation goes on from
    where it was once the slow part (usually the action server) answers again.
    """
    with action_failures.watching_turn() as turn:
        try:
            await asyncio.wait_for(on_new_message(message), seconds)
        except TimeoutError:
            logger.warning(
                "the assistant took longer than %.0f s to answer; the patient was asked to try again", seconds
            )
            return Turn.TIMED_OUT
        except Exception as error:  # noqa: BLE001 - the patient must get an answer whatever failed
            logger.warning("the assistant failed to handle a message: %s", type(error).__name__)
            return Turn.FAILED
    if turn.failed:
        logger.warning("an action failed while handling a message; the patient was asked to try again")
        return Turn.FAILED
    return Turn.DONE
