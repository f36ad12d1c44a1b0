"""How an appointment request reaches the clinic's scheduling system.

Each handoff runs inside the transaction that writes the appointment, so the request and its
handoff are stored together or not at all. Nothing here talks to the network: the webhook
handoff only writes an outbox row, which `bot.handoff.outbox` delivers later.
"""

from __future__ import annotations

import json
import uuid
from typing import Protocol

from sqlalchemy.orm import Session

from bot.clinic.database import Appointment, OutboxMessage
from bot.handoff.fhir import appointment_resource
from bot.settings import Settings

FHIR_APPOINTMENT = "fhir-appointment"


class SchedulingHandoff(Protocol):
    """Passes a new or changed appointment on; called inside the booking transaction."""

    def submit(self, session: Session, appointment: Appointment) -> None: ...


class StaffQueue:
    """The appointment row itself is the staff's queue (`python -m bot appointments list`)."""

    def submit(self, session: Session, appointment: Appointment) -> None:
        return None


class FhirWebhookOutbox:
    """Queues a FHIR R4 Appointment for the scheduling webhook in the same transaction."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def submit(self, session: Session, appointment: Appointment) -> None:
        key = str(uuid.uuid4())
        resource = appointment_resource(appointment, self.settings, key)
        session.add(
            OutboxMessage(
                idempotency_key=key,
                kind=FHIR_APPOINTMENT,
                reference=appointment.reference,
                payload=json.dumps(resource),
                attempts=0,
                next_attempt_at=appointment.updated_at,
                created_at=appointment.updated_at,
            )
        )


def handoffs_for(settings: Settings) -> list[SchedulingHandoff]:
    """The staff queue always; the webhook outbox too when a webhook URL is configured."""
    handoffs: list[SchedulingHandoff] = [StaffQueue()]
    if settings.scheduling_webhook_url:
        handoffs.append(FhirWebhookOutbox(settings))
    return handoffs
