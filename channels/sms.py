"""Text messages through Twilio, at POST /webhooks/sms/webhook.

Unlike Rasa's built-in `twilio` channel, every request must carry a valid X-Twilio-Signature
for the public webhook URL; others get 403. Carrier keywords (STOP, START, HELP) are answered
here and never reach the assistant; buttons become numbered choices, and a reply "2" becomes
the second button's payload. Like the website's channel (channels/rest.py) it has rate limits
per address and per number (429, and no text sent), the message guard of bot/messaging/guard.py and a
reply deadline. The rules themselves live in bot/messaging/ (sms.py, opt_outs.py, guard.py,
rate_limit.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Optional
from urllib.parse import parse_qs

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from bot.clinic.database import get_engine
from bot.messaging import guard, opt_outs, payloads, sms
from bot.messaging.conversation_ids import phone_of_sms_conversation, sms_conversation_id
from bot.messaging.twilio_api import make_client, send_text, signature_is_valid
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

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class SmsOutput(OutputChannel):
    """Sends the assistant's replies as texts through Twilio's REST API.

    While held (`hold()`), replies wait for `release()`, so that a turn that fails half-way
    sends the apology (`discard()`) rather than replies built on missing details.
    """

    @classmethod
    def name(cls) -> str:
        return "sms"

    def __init__(self, client: Client, from_number: str, introduce: bool = False) -> None:
        self.client = client
        self.from_number = from_number
        self.introduce = introduce  # name the clinic in the first text to a new number
        self.held: Optional[list[tuple[str, str]]] = None  # (recipient, body) while held

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send_body(recipient_id, sms.plain_text(text))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._send_body(recipient_id, sms.with_numbered_choices(text, buttons))

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        logger.debug("custom payloads are for the website; not sent as a text")

    def hold(self) -> None:
        self.held = []

    def discard(self) -> list[str]:
        """Drop the held replies; returns their texts."""
        held, self.held = self.held or [], None
        return [body for _, body in held]

    async def release(self) -> int:
        """Send the held replies; returns how many there were."""
        held, self.held = self.held or [], None
        for recipient_id, body in held:
            await self._send_body(recipient_id, body)
        return len(held)

    async def _send_body(self, recipient_id: str, body: str) -> None:
        """Text `body` to the patient; `recipient_id` is their number or their conversation id."""
        if self.held is not None:
            self.held.append((recipient_id, body))
            return
        if self.introduce:
            body = sms.introduce(body, get_settings())
            self.introduce = False
        phone = phone_of_sms_conversation(recipient_id) or recipient_id
        for part in sms.split_for_sms(body):
            try:
                await asyncio.to_thread(send_text, self.client, self.from_number, phone, part)
            except TwilioRestException as error:
                logger.warning("Twilio did not accept a text: error %s (HTTP %s)", error.code, error.status)
            except OSError as error:
                logger.warning("could not reach Twilio to send a text: %s", type(error).__name__)


def _has_patient_messages(tracker: Optional[DialogueStateTracker]) -> bool:
    return tracker is not None and any(isinstance(event, UserUttered) for event in tracker.events)


def _last_offered_buttons(tracker: Optional[DialogueStateTracker]) -> list[dict[str, Any]]:
    """The buttons of the assistant's last message with buttons since the patient last wrote."""
    if tracker is None:
        return []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return []
        if isinstance(event, BotUttered) and event.data.get("buttons"):
            return event.data["buttons"]
    return []


class SmsInput(InputChannel):
    """Twilio's messaging webhook, with signature check, carrier keywords and numbered choices."""

    @classmethod
    def name(cls) -> str:
        return "sms"

    @classmethod
    def from_credentials(cls, credentials: Optional[dict[str, Any]]) -> InputChannel:
        credentials = credentials or {}
        settings = get_settings()
        return cls(
            account_sid=str(credentials.get("account_sid") or ""),
            auth_token=str(credentials.get("auth_token") or ""),
            twilio_number=str(credentials.get("twilio_number") or ""),
            webhook_url=str(credentials.get("webhook_url") or ""),
            api_base_url=str(credentials.get("api_base_url") or settings.twilio_api_base_url),
        )

    def __init__(
        self, account_sid: str, auth_token: str, twilio_number: str, webhook_url: str, api_base_url: str
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.twilio_number = twilio_number
        self.webhook_url = webhook_url
        self.api_base_url = api_base_url
        self._client: Optional[Client] = None
        self.limits = limits_from(get_settings(), "sms")
        if not (account_sid and auth_token and twilio_number):
            logger.warning("TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN or TWILIO_NUMBER is empty: text messages are off")

    def client(self) -> Client:
        if self._client is None:
            self._client = make_client(self.account_sid, self.auth_token, self.api_base_url)
        return self._client

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("sms_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            # Parsed by hand to keep empty fields: Twilio signs them too.
            form = parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True)
            signature = request.headers.get("X-Twilio-Signature")
            if not signature_is_valid(self.auth_token, self.webhook_url or request.url, form, signature):
                logger.warning("refused unsigned Twilio request")
                return response.text("forbidden", status=403)
            sender = (form.get("From") or [""])[0].strip()
            text = (form.get("Body") or [""])[0]
            if not sender or not self.twilio_number:
                return response.text("", status=400)
            agent = request.app.ctx.agent
            # A carrier keyword (STOP, HELP...) is the whole message and never a crisis.
            crisis = None if sms.carrier_keyword(text) else detect_crisis(text)
            check_in = None
            if not sms.carrier_keyword(text):
                after = await in_light_of_the_last_reply(agent, sms_conversation_id(sender), text, crisis)
                crisis, check_in = after.crisis, after.check_in
                if after.text is not None:
                    text = after.text
            if crisis is not None:
                await flag_for_staff(crisis, self.name(), sms_conversation_id(sender))
            limited = None
            if not self.limits.address_allowed(client_address(request)):
                limited = "address"
            elif not self.limits.sender_allowed(sender):
                limited = "number"
            if limited and crisis is not None:
                await self._send_crisis_reply(agent, sender, crisis)
                return response.text(EMPTY_TWIML, content_type="text/xml")
            if limited:
                return too_many_requests("SMS", limited)
            # Twilio sends OptOutType when its own opt-out handling has already answered a keyword.
            twilio_replied = bool((form.get("OptOutType") or [""])[0])
            await self._handle(agent, sender, text, twilio_replied, crisis, on_new_message, check_in)
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return webhook

    async def _send_crisis_reply(self, agent: Any, sender: str, crisis: Crisis) -> None:
        """The crisis reply alone, straight from the channel (the assistant is not asked)."""
        reply = crisis_reply(agent, crisis)
        if reply:
            await SmsOutput(self.client(), self.twilio_number).send_text_message(sender, reply)

    async def _handle(
        self,
        agent: Any,
        sender: str,
        text: str,
        twilio_replied: bool,
        crisis: Optional[Crisis],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        check_in: Optional[str] = None,
    ) -> None:
        settings, engine = get_settings(), get_engine()
        output = SmsOutput(self.client(), self.twilio_number)
        keyword = sms.carrier_keyword(text)
        if keyword is sms.Keyword.STOP:
            if await asyncio.to_thread(opt_outs.opt_out, engine, sender) and not twilio_replied:
                await output.send_text_message(sender, sms.stop_confirmation(settings))
            logger.info("a number opted out of text messages")
            return
        if await asyncio.to_thread(opt_outs.is_opted_out, engine, sender):
            if crisis is not None:  # the one text an opted-out number still gets
                await self._send_crisis_reply(agent, sender, crisis)
                logger.info("an opted-out number wrote a crisis; only the crisis reply was sent")
            elif keyword is sms.Keyword.START and await asyncio.to_thread(opt_outs.opt_in, engine, sender):
                if not twilio_replied:
                    await output.send_text_message(sender, sms.start_confirmation(settings))
                logger.info("a number opted back in to text messages")
            else:
                logger.info("a text from an opted-out number was dropped")
            return
        if keyword is sms.Keyword.HELP:
            if not twilio_replied:
                await output.send_text_message(sender, sms.help_reply(settings))
            return
        if check_in and not text:  # nothing but "im ok now" after a crisis reply: the check-in is the whole answer
            await output.send_text_message(sender, check_in)
            return
        text = payloads.from_client(text, button_intents(agent))  # no "/intent{...}" from a texter
        screened = guard.screen(text, settings.max_message_chars, settings.clinic_phone, crisis)
        if screened.message is None:
            logger.info("SMS webhook: answered without the assistant (%s)", screened.reason)
            await output.send_text_message(sender, screened.reply)
            return
        conversation_id = sms_conversation_id(sender)
        tracker = await agent.tracker_store.retrieve(conversation_id) if agent is not None else None
        output.introduce = not _has_patient_messages(tracker)
        message = screened.message
        if crisis is None:
            message = sms.chosen_payload(message, _last_offered_buttons(tracker)) or message
        user_message = UserMessage(message, output, conversation_id, input_channel=self.name())
        if check_in:  # "I'm ok now" after a crisis reply: the numbers once more, first
            await output.send_text_message(sender, check_in)
        output.hold()
        turn = await handle_within(on_new_message, user_message, settings.reply_timeout_seconds)
        if turn is Turn.DONE and await output.release():
            return
        if turn is Turn.DONE:
            logger.warning("SMS webhook: the assistant said nothing; the patient was asked to try again")
        said = output.discard()
        replies = guard.replies_after_failure(
            said, crisis_reply(agent, crisis), crisis_replies(agent).values(), settings.clinic_phone
        )
        for reply in replies:
            await output.send_text_message(sender, reply)

    def get_output_channel(self) -> OutputChannel:
        return SmsOutput(self.client(), self.twilio_number)
