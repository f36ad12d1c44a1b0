"""The website's chat channel, at POST /webhooks/rest/webhook, with guards.

Rasa's own `rest` channel, registered under the same name so the URL is unchanged, with:
- a clear 4xx for a body that is not `{"sender": "<text>", "message": "<text>"}` (Rasa's
  answers 500 and logs the message text);
- rate limits per client address and per conversation (429, logged without content);
- the message guard of bot/guard.py: empty and over-long messages get a kind reply without
  reaching the NLU, but an emergency in a long message still gets the 911 / 988 reply;
- a deadline: when the assistant fails (for instance the action server is down), says
  nothing, or is slow, the patient is asked to try again and given the clinic's phone number.
Streaming (`?stream=true`), `input_channel` and `metadata` from the client are not taken.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.messaging import guard
from bot.settings import get_settings
from channels.common import Turn, client_address, emergency_reply, handle_within, limits_from, too_many_requests

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 100_000
MAX_SENDER_CHARS = 128  # Rasa's SQL tracker store keeps sender ids in 255 characters


def _bad_request(reason: str, status: int = 400) -> HTTPResponse:
    logger.info("REST webhook: refused a request (%s)", reason)
    return response.json({"error": reason}, status=status)


class GuardedRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls()

    def __init__(self) -> None:
        self.settings = get_settings()
        self.limits = limits_from(self.settings)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("guarded_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if len(request.body) > MAX_BODY_BYTES:
                return _bad_request("the request is too large", status=413)
            if not self.limits.address_allowed(client_address(request)):
                return too_many_requests("REST", "address")
            try:
                body = json.loads(request.body)
            except (ValueError, UnicodeDecodeError):
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
            if not self.limits.sender_allowed(sender):
                return too_many_requests("REST", "conversation")
            return response.json(await self._answer(on_new_message, request.app.ctx.agent, sender, text))

        return webhook

    async def _answer(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]], agent: Any, sender: str, text: str
    ) -> list[dict[str, Any]]:
        settings = self.settings
        screened = guard.screen(text, settings.max_message_chars, settings.clinic_phone)
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
        replies = guard.replies_after_failure(screened.message, said, emergency_reply(agent), settings.clinic_phone)
        return [{"recipient_id": sender, "text": reply} for reply in replies]
