"""Glue shared by the project's input channels: the client's address, the rate limits, and
handing a message to the assistant with a deadline. The rules are in bot/guard.py and
bot/rate_limit.py. Nothing here logs a sender, an address or a message."""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.rate_limit import WebhookLimits
from bot.settings import Settings

logger = logging.getLogger(__name__)


def limits_from(settings: Settings) -> WebhookLimits:
    return WebhookLimits(settings.rate_limit_per_sender, settings.rate_limit_per_address)


def client_address(request: Request) -> str:
    """The client's address: from the proxy's headers when Sanic is told to trust them
    (SANIC_PROXIES_COUNT, SANIC_REAL_IP_HEADER or SANIC_FORWARDED_SECRET), else the peer."""
    return request.remote_addr or request.ip or "unknown"


def too_many_requests(webhook: str, what: str) -> HTTPResponse:
    logger.warning("%s webhook: too many messages from one %s; refused with 429", webhook, what)
    return response.json({"error": "too many messages; please wait a minute"}, status=429, headers={"Retry-After": "60"})


async def handle_within(
    on_new_message: Callable[[UserMessage], Awaitable[Any]], message: UserMessage, seconds: float
) -> bool:
    """Let the assistant handle `message`; False if it failed or took longer than `seconds`.

    On a timeout the turn is cancelled and not stored, so the conversation goes on from
    where it was once the slow part (usually the action server) answers again.
    """
    try:
        await asyncio.wait_for(on_new_message(message), seconds)
        return True
    except asyncio.TimeoutError:
        logger.warning("the assistant took longer than %.0f s to answer; the patient was asked to try again", seconds)
    except Exception as error:  # noqa: BLE001 - the patient must get an answer whatever failed
        logger.warning("the assistant failed to handle a message: %s", type(error).__name__)
    return False
