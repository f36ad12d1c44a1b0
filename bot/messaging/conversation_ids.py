"""Conversation ids: which channel a conversation belongs to is part of its id.

A text-message conversation is filed under `sms:` and the patient's number, so no other channel
can ever name it.
"""
from __future__ import annotations

SMS_PREFIX = "sms:"


def sms_conversation_id(phone: str) -> str:
    """The conversation id of the texts from `phone` (E.164, as Twilio sends it)."""
    return SMS_PREFIX + phone


def phone_of_sms_conversation(conversation_id: str) -> str | None:
    """The patient's number for an SMS conversation id; None for any other channel's id."""
    return conversation_id[len(SMS_PREFIX):] if conversation_id.startswith(SMS_PREFIX) else None
