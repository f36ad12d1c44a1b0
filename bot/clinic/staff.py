"""What front-desk staff do with the queue: list, confirm and cancel requests, close call-backs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.clinic.appointments import (
    AppointmentView,
    CallbackView,
    NotChangeable,
    UnknownReference,
    appointment_view,
    callback_view,
    utc_now_or,
)
from bot.clinic.database import BOOKED, CANCELLED, DONE, Appointment, CallbackRequest
from bot.clinic.references import normalize_reference
from bot.settings import Settings


def list_appointments(engine: Engine, settings: Settings, status: str | None = None) -> list[AppointmentView]:
    """All appointments (or those with `status`), by start time."""
    query = select(Appointment).order_by(Appointment.start, Appointment.id)
    if status is not None:
        query = query.where(Appointment.status == status)
    with Session(engine) as session, session.begin():
        return [appointment_view(row, settings) for row in session.scalars(query)]


def _by_reference(session: Session, reference: str) -> Appointment:
    row = session.scalar(select(Appointment).where(Appointment.reference == normalize_reference(reference)))
    if row is None:
        raise UnknownReference(normalize_reference(reference))
    return row


def confirm(engine: Engine, reference: str, settings: Settings, now: datetime | None = None) -> AppointmentView:
    """Staff booked the request in the clinic's system: `proposed` -> `booked`."""
    with Session(engine) as session, session.begin():
        row = _by_reference(session, reference)
        if row.status == CANCELLED:
            raise NotChangeable("the appointment is cancelled")
        row.status = BOOKED
        row.updated_at = utc_now_or(now)
        return appointment_view(row, settings)


def staff_cancel(engine: Engine, reference: str, settings: Settings, now: datetime | None = None) -> AppointmentView:
    """Staff cancel an appointment; its slot becomes free again."""
    with Session(engine) as session, session.begin():
        row = _by_reference(session, reference)
        if row.status != CANCELLED:
            row.status = CANCELLED
            row.updated_at = utc_now_or(now)
        return appointment_view(row, settings)


def list_callbacks(engine: Engine, settings: Settings, status: str | None = None) -> list[CallbackView]:
    """Call-back requests (or those with `status`), oldest first."""
    query = select(CallbackRequest).order_by(CallbackRequest.created_at, CallbackRequest.id)
    if status is not None:
        query = query.where(CallbackRequest.status == status)
    with Session(engine) as session, session.begin():
        return [callback_view(row, settings) for row in session.scalars(query)]


def close_callback(engine: Engine, callback_id: int, settings: Settings) -> CallbackView:
    """Staff called the patient back. Raises LookupError for an unknown id."""
    with Session(engine) as session, session.begin():
        row = session.get(CallbackRequest, callback_id)
        if row is None:
            raise LookupError(f"no call-back request {callback_id}")
        row.status = DONE
        return callback_view(row, settings)
