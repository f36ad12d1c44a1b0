"""Removing patient data: one patient on request (`patient purge`), and everything past the
retention period (`purge-old`).

This module removes what the clinic's database holds and says which conversations belong to
the patient; the conversations themselves are in Rasa's tracker store, which
stores/conversations.py knows how to empty. The staff CLI does both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.clinic.appointments import required_phone, utc_now_or
from bot.clinic.database import Appointment, CallbackRequest, OutboxMessage, SafetyFlag
from bot.messaging.conversation_ids import sms_conversation_id
from bot.settings import Settings

_NO_SYNC = {"synchronize_session": False}


@dataclass(frozen=True)
class Purged:
    appointments: int = 0
    callbacks: int = 0
    outbox_messages: int = 0
    safety_flags: int = 0
    conversation_ids: frozenset[str] = field(default_factory=frozenset)  # to remove from the tracker store


def purge_patient(engine: Engine, phone: str, settings: Settings) -> Purged:
    """Remove a patient's appointments, call-backs, their outbox messages and safety flags.

    The patient's conversations are their text-message conversation and every conversation
    recorded on their appointments or call-backs. Raises InvalidPhone.
    """
    phone = required_phone(phone, settings)
    with Session(engine) as session, session.begin():
        references = set(session.scalars(select(Appointment.reference).where(Appointment.phone == phone)))
        conversations = set(session.scalars(select(Appointment.conversation_id).where(Appointment.phone == phone)))
        conversations |= set(
            session.scalars(select(CallbackRequest.conversation_id).where(CallbackRequest.phone == phone))
        )
        outbox = session.execute(
            delete(OutboxMessage).where(OutboxMessage.reference.in_(references)).execution_options(**_NO_SYNC)
        ).rowcount
        appointments = session.execute(
            delete(Appointment).where(Appointment.phone == phone).execution_options(**_NO_SYNC)
        ).rowcount
        callbacks = session.execute(
            delete(CallbackRequest).where(CallbackRequest.phone == phone).execution_options(**_NO_SYNC)
        ).rowcount
        conversation_ids = frozenset({sms_conversation_id(phone)} | {c for c in conversations if c})
        flags = session.execute(
            delete(SafetyFlag).where(SafetyFlag.conversation_id.in_(conversation_ids)).execution_options(**_NO_SYNC)
        ).rowcount
    return Purged(appointments, callbacks, outbox, flags, conversation_ids)


def retention_cutoff(days: int, now: datetime | None = None) -> datetime:
    return utc_now_or(now) - timedelta(days=days)


def purge_older_than(engine: Engine, cutoff: datetime) -> Purged:
    """Retention: delete appointments that ended, and call-backs, outbox messages and safety
    flags created, before `cutoff`."""
    with Session(engine) as session, session.begin():
        appointments = session.execute(
            delete(Appointment).where(Appointment.end < cutoff).execution_options(**_NO_SYNC)
        ).rowcount
        callbacks = session.execute(
            delete(CallbackRequest).where(CallbackRequest.created_at < cutoff).execution_options(**_NO_SYNC)
        ).rowcount
        outbox = session.execute(
            delete(OutboxMessage).where(OutboxMessage.created_at < cutoff).execution_options(**_NO_SYNC)
        ).rowcount
        flags = session.execute(
            delete(SafetyFlag).where(SafetyFlag.created_at < cutoff).execution_options(**_NO_SYNC)
        ).rowcount
    return Purged(appointments, callbacks, outbox, flags)
