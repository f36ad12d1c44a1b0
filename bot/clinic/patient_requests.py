"""What patients ask of the clinic: an appointment request, checking, moving or cancelling it
(reference code and phone must both match), and a call-back from staff.

Each call is one unit of work; a request and its hand-off (bot.handoff.routes) are stored together.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.clinic.appointments import (
    AppointmentDetails,
    AppointmentView,
    BookedRequest,
    CallbackView,
    NotChangeable,
    SlotTaken,
    SlotUnavailable,
    TooManyOpenRequests,
    appointment_view,
    callback_view,
    required_phone,
    utc_now_or,
)
from bot.clinic.availability import is_slot_taken
from bot.clinic.contact_details import normalize_phone
from bot.clinic.database import CANCELLED, OPEN, PROPOSED, Appointment, CallbackRequest
from bot.clinic.opening_hours import check_start, slot_end
from bot.clinic.references import is_valid_reference, new_reference, normalize_reference
from bot.handoff.routes import handoffs_for
from bot.settings import Settings

REFERENCE_ATTEMPTS = 5


def _open_requests(session: Session, now: datetime, phone: str | None, conversation_id: str | None) -> int:
    """Requests not cancelled and not yet over, from this phone number or this conversation."""
    who = [Appointment.phone == phone] if phone else []
    if conversation_id:
        who.append(Appointment.conversation_id == conversation_id)
    if not who:
        return 0
    return (
        session.scalar(
            select(func.count(Appointment.id)).where(Appointment.status != CANCELLED, Appointment.end > now, or_(*who))
        )
        or 0
    )


def open_requests(
    engine: Engine,
    settings: Settings,
    now: datetime | None = None,
    phone: str | None = None,
    conversation_id: str | None = None,
) -> int:
    """How many open requests this phone number or this conversation holds (either counts)."""
    normalized = normalize_phone(phone, settings.phone_region) if phone else None
    with Session(engine) as session, session.begin():
        return _open_requests(session, utc_now_or(now), normalized, conversation_id)


def request_appointment(
    engine: Engine, details: AppointmentDetails, settings: Settings, now: datetime | None = None
) -> BookedRequest:
    """Store an appointment request as `proposed` and hand it off in the same transaction.

    Raises InvalidPhone, SlotUnavailable(problem), SlotTaken, or TooManyOpenRequests when the
    phone number or the conversation already holds `settings.max_open_requests` open requests.
    """
    now = utc_now_or(now)
    name = details.name.strip()
    if not name:
        raise ValueError("a name is required")
    phone = required_phone(details.phone, settings)
    problem = check_start(details.start, now, settings)
    if problem is not None:
        raise SlotUnavailable(problem)
    start = details.start.astimezone(settings.timezone)
    end = slot_end(start, settings)
    handoffs = handoffs_for(settings)
    for _ in range(REFERENCE_ATTEMPTS):
        reference = new_reference()
        try:
            with Session(engine) as session, session.begin():
                # Counted in the transaction that adds the row (SQLite takes its write lock first).
                if _open_requests(session, now, phone, details.conversation_id) >= settings.max_open_requests:
                    raise TooManyOpenRequests("too many open requests")
                row = Appointment(
                    reference=reference,
                    name=name,
                    phone=phone,
                    email=(details.email or "").strip() or None,
                    start=start,
                    end=end,
                    status=PROPOSED,
                    reason=details.reason,
                    new_patient=details.new_patient,
                    contact_consent=details.contact_consent,
                    conversation_id=details.conversation_id,
                    created_at=now,
                    updated_at=now,
                )
                session.add(row)
                session.flush()  # the unique indexes speak here
                for handoff in handoffs:
                    handoff.submit(session, row)
        except IntegrityError:
            if is_slot_taken(engine, start):
                raise SlotTaken(start.isoformat()) from None
            continue  # the rare reference collision: draw another code
        return BookedRequest(reference, start, end, PROPOSED)
    raise RuntimeError("could not draw an unused reference code")


def _matching(session: Session, reference: str, phone: str, settings: Settings) -> Appointment | None:
    """The appointment with this reference AND this phone; None when either does not match."""
    if not is_valid_reference(reference):
        return None
    normalized_phone = normalize_phone(phone, settings.phone_region)
    if normalized_phone is None:
        return None
    return session.scalar(
        select(Appointment).where(
            Appointment.reference == normalize_reference(reference), Appointment.phone == normalized_phone
        )
    )


def find_appointment(engine: Engine, reference: str, phone: str, settings: Settings) -> AppointmentView | None:
    """The appointment when both reference and phone match; otherwise None, whatever the cause."""
    with Session(engine) as session, session.begin():
        row = _matching(session, reference, phone, settings)
        return None if row is None else appointment_view(row, settings)


def cancel_appointment(
    engine: Engine, reference: str, phone: str, settings: Settings, now: datetime | None = None
) -> AppointmentView | None:
    """Cancel (freeing the slot) when both reference and phone match; None otherwise."""
    with Session(engine) as session, session.begin():
        row = _matching(session, reference, phone, settings)
        if row is None:
            return None
        if row.status != CANCELLED:
            row.status = CANCELLED
            row.updated_at = utc_now_or(now)
            for handoff in handoffs_for(settings):
                handoff.submit(session, row)
        return appointment_view(row, settings)


def reschedule_appointment(
    engine: Engine, reference: str, phone: str, new_start: datetime, settings: Settings, now: datetime | None = None
) -> AppointmentView | None:
    """Move the appointment to `new_start` (status `proposed` again); None unless both match.

    The move is atomic: the new slot is taken, or SlotTaken is raised and nothing changes.
    Raises SlotUnavailable for an unbookable time and NotChangeable for a cancelled appointment.
    """
    now = utc_now_or(now)
    problem = check_start(new_start, now, settings)
    if problem is not None:
        raise SlotUnavailable(problem)
    start = new_start.astimezone(settings.timezone)
    try:
        with Session(engine) as session, session.begin():
            row = _matching(session, reference, phone, settings)
            if row is None:
                return None
            if row.status == CANCELLED:
                raise NotChangeable("the appointment is cancelled")
            row.start, row.end = start, slot_end(start, settings)
            row.status = PROPOSED
            row.updated_at = now
            session.flush()
            for handoff in handoffs_for(settings):
                handoff.submit(session, row)
            return appointment_view(row, settings)
    except IntegrityError:
        raise SlotTaken(start.isoformat()) from None


def request_callback(
    engine: Engine,
    name: str,
    phone: str,
    reason: str | None,
    preferred_time: str | None,
    conversation_id: str | None,
    settings: Settings,
    now: datetime | None = None,
) -> CallbackView:
    """Store a call-back request for staff (human handoff). Raises InvalidPhone."""
    if not name.strip():
        raise ValueError("a name is required")
    with Session(engine) as session, session.begin():
        row = CallbackRequest(
            name=name.strip(),
            phone=required_phone(phone, settings),
            reason=reason,
            preferred_time=preferred_time,
            conversation_id=conversation_id,
            status=OPEN,
            created_at=utc_now_or(now),
        )
        session.add(row)
        session.flush()
        return callback_view(row, settings)
