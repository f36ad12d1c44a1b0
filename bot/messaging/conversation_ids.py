"""Conversation ids: no client can choose one that reaches someone else's conversation.

- Text messages: the conversation of a number is `sms:` and the number (E.164). Only the SMS
  channel, after Twilio's signature check, files messages there.
- Website: the server issues every id, `web:` + 128 random bits + an HMAC tag under the
  clinic's CONVERSATION_SECRET (`web:<random>.<tag>`). The REST channel takes no other, so a
  made-up id, or an SMS conversation's id, is refused and the widget asks for a new one. The
  tag needs no table: any server of a cluster that shares the secret checks it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

SMS_PREFIX = "sms:"
WEB_PREFIX = "web:"
_WEB_ID = re.compile(r"web:([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})")


def sms_conversation_id(phone: str) -> str:
    """The conversation id of the texts from `phone` (E.164, as Twilio sends it)."""
    return SMS_PREFIX + phone


def phone_of_sms_conversation(conversation_id: str) -> str | None:
    """The patient's number for an SMS conversation id; None for any other channel's id."""
    return conversation_id[len(SMS_PREFIX) :] if conversation_id.startswith(SMS_PREFIX) else None


def _tag(secret: str, random_part: str) -> str:
    digest = hmac.new(secret.encode(), (WEB_PREFIX + random_part).encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")


def new_web_conversation_id(secret: str) -> str:
    """A fresh website conversation id: 128 random bits, signed."""
    if not secret:
        raise ValueError("CONVERSATION_SECRET is empty")
    random_part = base64.urlsafe_b64encode(secrets.token_bytes(16)).decode().rstrip("=")
    return f"{WEB_PREFIX}{random_part}.{_tag(secret, random_part)}"


def is_web_conversation_id(value: object, secret: str) -> bool:
    """True only for an id this clinic's servers issued (`new_web_conversation_id`)."""
    if not secret or not isinstance(value, str):
        return False
    match = _WEB_ID.fullmatch(value)
    return match is not None and hmac.compare_digest(match[2], _tag(secret, match[1]))
