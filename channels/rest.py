"""The website's chat channel, at POST /webhooks/rest/webhook, with guards.

Rasa's own `rest` channel, registered under the same name so the URL is unchanged, with:
- conversation ids issued by the server (POST /webhooks/rest/conversations ->
  {"sender": "web:..."}); a message for any other sender gets 401, so no client can reach a
  conversation it was not given (bot/messaging/conversation_ids.py);
- a clear 4xx for a body that is not `{"sender": "<text>", "message": "<text>"}` (Rasa's
  answers 500 and logs the message text), including JSON nested too deep or with numbers too
  long for Python (400), and 415 for any Content-Type but application/json: a page of
  another site can post text/plain without the browser asking first (no CORS preflight);
- the crisis detector first (bot/safety/crisis.py): a crisis is flagged for staff and gets
  the 911 / 988 reply for its kind, however long the message and even when a rate limit
  would refuse it;
- rate limits per client address and per conversation (429, logged without content);
- the message guard of bot/messaging/guard.py: empty and over-long messages get a kind reply
  without reaching the NLU;
- a message starting with "/" passes as an intent only when it is a known intent's exact button
  payload; otherwise its slashes are removed (bot/messaging/payloads.py);
- a deadline: when the assistant fails (for instance the action server is down), says
  nothing, or is slow, the patient is asked to try again and given the clinic's phone number.
Streaming (`?stream=true`), `input_channel` and `metadata` from the client are not taken.

Written for Rasa 3.6.21: it subclasses Rasa's RestInput and takes over its channel name `rest`,
so the URL stays /webhooks/rest/webhook.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Optional

from rasa_internals import require_version

require_version("rasa", "3.6.21", __name__)

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.messaging import guard, payloads
from bot.messaging.conversation_ids import is_web_conversation_id, new_web_conversation_id
from bot.safety.crisis import Crisis
from bot.settings import get_settings
from channels.common import (
    Turn,
    button_intents,
    client_address,
    crisis_replies,
    crisis_reply,
    detect_crisis,
    flag_for_staff,
    handle_within,
    in_light_of_the_last_reply,
    limits_from,
    too_many_requests,
)

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 100_000
MAX_SENDER_CHARS = 128  # Rasa's SQL tracker store keeps sender ids in 255 characters
UNKNOWN_CONVERSATION = "unknown conversation: start one with POST /webhooks/rest/conversations"


def is_json_content_type(value: str) -> bool:
    """application/json, optionally with charset=utf-8, in any case."""
    media_type, *parameters = [part.strip().lower() for part in value.split(";")]
    if media_type != "application/json":
        return False
    return all(
        parameter.replace(" ", "") in ("charset=utf-8", "charset=utf8", 'charset="utf-8"') for parameter in parameters
    )


def _bad_request(reason: str, status: int = 400) -> HTTPResponse:
    logger.info("REST webhook: refused a request (%s)", reason)
    return response.json({"error": reason}, status=status)


class GuardedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[dict[str, Any]]) -> InputChannel:
        return cls()

    def __init__(self) -> None:
        self.settings = get_settings()
        self.limits = limits_from(self.settings, "rest")

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("guarded_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/conversations", methods=["POST"])
        async def new_conversation(request: Request) -> HTTPResponse:
            if not self.limits.address_allowed(client_address(request)):
                return too_many_requests("REST", "address")
            return response.json({"sender": new_web_conversation_id(self.settings.conversation_secret)}, status=201)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if len(request.body) > MAX_BODY_BYTES:
                return _bad_request("the request is too large", status=413)
            if not is_json_content_type(request.headers.get("content-type", "")):
                return _bad_request("the body must be sent as Content-Type: application/json", status=415)
            try:
                body = json.loads(request.body)
            except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested too deep
                return _bad_request('the body must be JSON: {"sender": "...", "message": "..."}')
            if not isinstance(body, dict):
                return _bad_request('the body must be a JSON object: {"sender": "...", "message": "..."}')
            sender, text = body.get("sender"), body.get("message")
            if not isinstance(sender, str) or not sender.strip():
                return _bad_request('"sender" must be a non-empty string')
            if len(sender) > MAX_SENDER_CHARS:
                return _bad_request(f'"sender" must be at most {MAX_SENDER_CHARS} characters')
            if not isinstance(text, str):
                return _bad_request('"message" must be a string')
            agent = request.app.ctx.agent
            crisis = detect_crisis(text)
            if not is_web_conversation_id(sender, self.settings.conversation_secret):
                if crisis is not None:  # whoever writes it, a crisis gets its reply
                    return response.json([{"recipient_id": sender, "text": crisis_reply(agent, crisis)}])
                return _bad_request(UNKNOWN_CONVERSATION, status=401)
            after = await in_light_of_the_last_reply(agent, sender, text, crisis)
            crisis, check_in = after.crisis, after.check_in
            if after.text is not None:
                text = after.text
            if crisis is not None:
                await flag_for_staff(crisis, self.name(), sender)
            limited = None
            if not self.limits.address_allowed(client_address(request)):
                limited = "address"
            elif not self.limits.sender_allowed(sender):
                limited = "conversation"
            if limited and crisis is not None:
                return response.json([{"recipient_id": sender, "text": crisis_reply(agent, crisis)}])
            if limited:
                return too_many_requests("REST", limited)
            if check_in and not text:  # nothing but "im ok now": the check-in is the whole answer
                return response.json([{"recipient_id": sender, "text": check_in}])
            replies = await self._answer(on_new_message, agent, sender, text, crisis)
            if check_in:
                replies.insert(0, {"recipient_id": sender, "text": check_in})
            return response.json(replies)

        return webhook

    async def _answer(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        agent: Any,
        sender: str,
        text: str,
        crisis: Optional[Crisis],
    ) -> list[dict[str, Any]]:
        settings = self.settings
        text = payloads.from_client(text, button_intents(agent))  # no "/intent{...}" from a client
        screened = guard.screen(text, settings.max_message_chars, settings.clinic_phone, crisis)
        if screened.message is None:
            logger.info("REST webhook: answered without the assistant (%s)", screened.reason)
            return [{"recipient_id": sender, "text": screened.reply}]
        collector = CollectingOutputChannel()
        message = UserMessage(screened.message, collector, sender, input_channel=self.name())
        turn = await handle_within(on_new_message, message, settings.reply_timeout_seconds)
        if turn is Turn.DONE and collector.messages:
            return collector.messages
        if turn is Turn.DONE:
            logger.warning("REST webhook: the assistant said nothing; the patient was asked to try again")
        said = [m.get("text") or "" for m in collector.messages]
        replies = guard.replies_after_failure(
            said, crisis_reply(agent, crisis), crisis_replies(agent).values(), settings.clinic_phone
        )
        return [{"recipient_id": sender, "text": reply} for reply in replies]
