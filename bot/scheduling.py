"""The scheduling service the chat actions and the staff CLI call.

Functions take an engine and plain values and return plain dataclasses (never ORM rows), with
datetimes as aware datetimes in the clinic's timezone. Each call is one unit of work.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import bindparam, create_engine, delete, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db import (
    BOOKED,
    CANCELLED,
    DONE,
    OPEN,
    PROPOSED,
    Appointment,
    CallbackRequest,
    OutboxMessage,
    sqlite_path,
)
from bot.handoff import handoffs_for
from bot.patient_details import normalize_phone
from bot.references import is_valid_reference, new_reference, normalize_reference
from bot.settings import Settings, get_settings
from bot.slots import SlotProblem, check_start, last_bookable_day, slot_end, slots_on

REFERENCE_ATTEMPTS = 5


class SchedulingError(Exception):
    """Base class of the errors the chat and the CLI turn into messages."""


class InvalidPhone(SchedulingError, ValueError):
    """The phone number cannot be read as a valid number."""


class SlotUnavailable(SchedulingError):
    """The start time is not a bookable slot (past, closed, not aligned...)."""

    def __init__(self, problem: SlotProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


class SlotTaken(SchedulingError):
    """Someone else holds that slot."""


class UnknownReference(SchedulingError):
    """Staff asked for a reference that does not exist."""


class NotChangeable(SchedulingError):
    """The appointment is cancelled and cannot be confirmed or moved."""


@dataclass(frozen=True)
class AppointmentDetails:
    name: str
    phone: str
    start: datetime
    reason: str | None = None
    email: str | None = None
    new_patient: bool | None = None
    contact_consent: bool = False
    conversation_id: str | None = None


@dataclass(frozen=True)
class AppointmentView:
    reference: str
    name: str
    phone: str
    email: str | None
    start: datetime
    end: datetime
    status: str
    reason: str | None
    new_patient: bool | None
    contact_consent: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class BookedRequest:
    reference: str
    start: datetime
    end: datetime
    status: str
    webhook_queued: bool


@dataclass(frozen=True)
class CallbackView:
    id: int
    name: str
    phone: str
    reason: str | None
    preferred_time: str | None
    status: str
    created_at: datetime


@dataclass(frozen=True)
class PurgeCounts:
    appointments: int = 0
    callbacks: int = 0
    outbox_messages: int = 0
    tracker_events: int = 0


def _required_phone(text: str, settings: Settings) -> str:
    phone = normalize_phone(text, settings.phone_region)
    if phone is None:
        raise InvalidPhone("not a valid phone number")
    return phone


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(timezone.utc)


def _view(row: Appointment, settings: Settings) -> AppointmentView:
    tz = settings.timezone
    return AppointmentView(
        reference=row.reference,
        name=row.name,
        phone=row.phone,
        email=row.email,
        start=row.start.astimezone(tz),
        end=row.end.astimezone(tz),
        status=row.status,
        reason=row.reason,
        new_patient=row.new_patient,
        contact_consent=bool(row.contact_consent),
        created_at=row.created_at.astimezone(tz),
        updated_at=row.updated_at.astimezone(tz),
    )


def _callback_view(row: CallbackRequest, settings: Settings) -> CallbackView:
    return CallbackView(
        id=row.id,
        name=row.name,
        phone=row.phone,
        reason=row.reason,
        preferred_time=row.preferred_time,
        status=row.status,
        created_at=row.created_at.astimezone(settings.timezone),
    )


# --- Availability -------------------------------------------------------------------------


def _taken_starts(engine: Engine, since: datetime) -> set[datetime]:
    with Session(engine) as session, session.begin():
        starts = session.scalars(
            select(Appointment.start).where(Appointment.status != CANCELLED, Appointment.start >= since)
        )
        return set(starts)


def _free_slots_on(day: date, taken: set[datetime], settings: Settings, now: datetime) -> list[datetime]:
    return [s for s in slots_on(day, settings) if s not in taken and check_start(s, now, settings) is None]


def is_slot_taken(engine: Engine, start: datetime) -> bool:
    """True when a live (not cancelled) appointment starts at `start`."""
    with Session(engine) as session, session.begin():
        found = session.scalar(
            select(Appointment.id).where(Appointment.start == start, Appointment.status != CANCELLED)
        )
        return found is not None


def free_slots_near(
    engine: Engine, wanted: datetime, settings: Settings, count: int = 3, now: datetime | None = None
) -> list[datetime]:
    """Up to `count` free slots nearest to `wanted`, in time order.

    The wanted day comes first (nearest to the wanted time), then the following open days
    (nearest to the wanted time of day); never a slot in the past or beyond the horizon.
    """
    now = _now(now)
    wanted = wanted.astimezone(settings.timezone)
    wanted_minutes = wanted.hour * 60 + wanted.minute
    taken = _taken_starts(engine, since=now)
    found: list[datetime] = []
    day = max(wanted.date(), now.astimezone(settings.timezone).date())
    while day <= last_bookable_day(now, settings) and len(found) < count:
        free = _free_slots_on(day, taken, settings, now)
        if day == wanted.date():
            free.sort(key=lambda s: abs(s - wanted))
        else:
            free.sort(key=lambda s: abs(s.hour * 60 + s.minute - wanted_minutes))
        found.extend(free[: count - len(found)])
        day += timedelta(days=1)
    return sorted(found)


def first_free_slot(
    engine: Engine, day: date, window: tuple[time, time] | None, settings: Settings, now: datetime | None = None
) -> datetime | None:
    """The earliest free slot on `day` starting inside `window` (e.g. 09:00-12:00), if any."""
    now = _now(now)
    for start in _free_slots_on(day, _taken_starts(engine, since=now), settings, now):
        if window is None or window[0] <= start.time() < window[1]:
            return start
    return None


# --- Patient requests ---------------------------------------------------------------------


def request_appointment(
    engine: Engine, details: AppointmentDetails, settings: Settings, now: datetime | None = None
) -> BookedRequest:
    """Store an appointment request as `proposed` and hand it off in the same transaction.

    Raises InvalidPhone, SlotUnavailable(problem) or SlotTaken.
    """
    now = _now(now)
    name = details.name.strip()
    if not name:
        raise ValueError("a name is required")
    phone = _required_phone(details.phone, settings)
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
        return BookedRequest(reference, start, end, PROPOSED, webhook_queued=len(handoffs) > 1)
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


def find_appointment(
    engine: Engine, reference: str, phone: str, settings: Settings | None = None
) -> AppointmentView | None:
    """The appointment when both reference and phone match; otherwise None, whatever the cause."""
    settings = settings or get_settings()
    with Session(engine) as session, session.begin():
        row = _matching(session, reference, phone, settings)
        return None if row is None else _view(row, settings)


def cancel_appointment(
    engine: Engine, reference: str, phone: str, settings: Settings | None = None, now: datetime | None = None
) -> AppointmentView | None:
    """Cancel (freeing the slot) when both reference and phone match; None otherwise."""
    settings = settings or get_settings()
    with Session(engine) as session, session.begin():
        row = _matching(session, reference, phone, settings)
        if row is None:
            return None
        if row.status != CANCELLED:
            row.status = CANCELLED
            row.updated_at = _now(now)
            for handoff in handoffs_for(settings):
                handoff.submit(session, row)
        return _view(row, settings)


def reschedule_appointment(
    engine: Engine, reference: str, phone: str, new_start: datetime, settings: Settings, now: datetime | None = None
) -> AppointmentView | None:
    """Move the appointment to `new_start` (status `proposed` again); None unless both match.

    The move is atomic: the new slot is taken, or SlotTaken is raised and nothing changes.
    Raises SlotUnavailable for an unbookable time and NotChangeable for a cancelled appointment.
    """
    now = _now(now)
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
            return _view(row, settings)
    except IntegrityError:
        raise SlotTaken(start.isoformat()) from None


def request_callback(
    engine: Engine,
    name: str,
    phone: str,
    reason: str | None,
    preferred_time: str | None,
    conversation_id: str | None,
    settings: Settings | None = None,
    now: datetime | None = None,
) -> CallbackView:
    """Store a call-back request for staff (human handoff). Raises InvalidPhone."""
    settings = settings or get_settings()
    if not name.strip():
        raise ValueError("a name is required")
    with Session(engine) as session, session.begin():
        row = CallbackRequest(
            name=name.strip(),
            phone=_required_phone(phone, settings),
            reason=reason,
            preferred_time=preferred_time,
            conversation_id=conversation_id,
            status=OPEN,
            created_at=_now(now),
        )
        session.add(row)
        session.flush()
        return _callback_view(row, settings)


# --- Staff --------------------------------------------------------------------------------


def list_appointments(
    engine: Engine, status: str | None = None, settings: Settings | None = None
) -> list[AppointmentView]:
    """All appointments (or those with `status`), by start time."""
    settings = settings or get_settings()
    query = select(Appointment).order_by(Appointment.start, Appointment.id)
    if status is not None:
        query = query.where(Appointment.status == status)
    with Session(engine) as session, session.begin():
        return [_view(row, settings) for row in session.scalars(query)]


def _by_reference(session: Session, reference: str) -> Appointment:
    row = session.scalar(select(Appointment).where(Appointment.reference == normalize_reference(reference)))
    if row is None:
        raise UnknownReference(normalize_reference(reference))
    return row


def confirm(
    engine: Engine, reference: str, settings: Settings | None = None, now: datetime | None = None
) -> AppointmentView:
    """Staff booked the request in the clinic's system: `proposed` -> `booked`."""
    settings = settings or get_settings()
    with Session(engine) as session, session.begin():
        row = _by_reference(session, reference)
        if row.status == CANCELLED:
            raise NotChangeable("the appointment is cancelled")
        row.status = BOOKED
        row.updated_at = _now(now)
        return _view(row, settings)


def staff_cancel(
    engine: Engine, reference: str, settings: Settings | None = None, now: datetime | None = None
) -> AppointmentView:
    """Staff cancel an appointment; its slot becomes free again."""
    settings = settings or get_settings()
    with Session(engine) as session, session.begin():
        row = _by_reference(session, reference)
        if row.status != CANCELLED:
            row.status = CANCELLED
            row.updated_at = _now(now)
        return _view(row, settings)


def list_callbacks(engine: Engine, status: str | None = None, settings: Settings | None = None) -> list[CallbackView]:
    """Call-back requests (or those with `status`), oldest first."""
    settings = settings or get_settings()
    query = select(CallbackRequest).order_by(CallbackRequest.created_at, CallbackRequest.id)
    if status is not None:
        query = query.where(CallbackRequest.status == status)
    with Session(engine) as session, session.begin():
        return [_callback_view(row, settings) for row in session.scalars(query)]


def close_callback(engine: Engine, callback_id: int, settings: Settings | None = None) -> CallbackView:
    """Staff called the patient back. Raises LookupError for an unknown id."""
    settings = settings or get_settings()
    with Session(engine) as session, session.begin():
        row = session.get(CallbackRequest, callback_id)
        if row is None:
            raise LookupError(f"no call-back request {callback_id}")
        row.status = DONE
        return _callback_view(row, settings)


# --- Privacy ------------------------------------------------------------------------------


def _delete_tracker_events(url: str, sender_ids: set[str] | None = None, before: datetime | None = None) -> int:
    """Delete rows of Rasa's SQL tracker store table `events`, if that table exists."""
    database = sqlite_path(url)
    if url.startswith("sqlite") and (database is None or not database.exists()):
        return 0
    tracker = create_engine(url, future=True)
    try:
        if not inspect(tracker).has_table("events"):
            return 0
        with tracker.begin() as connection:
            if sender_ids is not None:
                if not sender_ids:
                    return 0
                statement = text("DELETE FROM events WHERE sender_id IN :ids").bindparams(
                    bindparam("ids", expanding=True)
                )
                return connection.execute(statement, {"ids": sorted(sender_ids)}).rowcount
            statement = text("DELETE FROM events WHERE timestamp < :cutoff")
            return connection.execute(statement, {"cutoff": before.timestamp()}).rowcount
    finally:
        tracker.dispose()


def purge_patient(
    engine: Engine, phone: str, tracker_store_url: str | None = None, settings: Settings | None = None
) -> PurgeCounts:
    """Remove a patient's appointments, call-backs, their outbox messages and chat history.

    The chat history is every tracker event whose sender is the phone number itself (SMS) or a
    conversation recorded on the patient's appointments or call-backs. Raises InvalidPhone.
    """
    settings = settings or get_settings()
    phone = _required_phone(phone, settings)
    no_sync = {"synchronize_session": False}
    with Session(engine) as session, session.begin():
        references = set(session.scalars(select(Appointment.reference).where(Appointment.phone == phone)))
        conversations = set(session.scalars(select(Appointment.conversation_id).where(Appointment.phone == phone)))
        conversations |= set(
            session.scalars(select(CallbackRequest.conversation_id).where(CallbackRequest.phone == phone))
        )
        outbox = session.execute(
            delete(OutboxMessage).where(OutboxMessage.reference.in_(references)).execution_options(**no_sync)
        ).rowcount
        appointments = session.execute(
            delete(Appointment).where(Appointment.phone == phone).execution_options(**no_sync)
        ).rowcount
        callbacks = session.execute(
            delete(CallbackRequest).where(CallbackRequest.phone == phone).execution_options(**no_sync)
        ).rowcount
    senders = {phone} | {c for c in conversations if c}
    events = _delete_tracker_events(
        tracker_store_url or settings.tracker_store_url, sender_ids=senders
    )
    return PurgeCounts(appointments, callbacks, outbox, events)


def purge_older_than(
    engine: Engine,
    days: int,
    now: datetime | None = None,
    tracker_store_url: str | None = None,
    settings: Settings | None = None,
) -> PurgeCounts:
    """Retention: delete appointments that ended, and call-backs, outbox messages and tracker
    events created, more than `days` days before `now`."""
    settings = settings or get_settings()
    cutoff = _now(now) - timedelta(days=days)
    no_sync = {"synchronize_session": False}
    with Session(engine) as session, session.begin():
        appointments = session.execute(
            delete(Appointment).where(Appointment.end < cutoff).execution_options(**no_sync)
        ).rowcount
        callbacks = session.execute(
            delete(CallbackRequest).where(CallbackRequest.created_at < cutoff).execution_options(**no_sync)
        ).rowcount
        outbox = session.execute(
            delete(OutboxMessage).where(OutboxMessage.created_at < cutoff).execution_options(**no_sync)
        ).rowcount
    events = _delete_tracker_events(
        tracker_store_url or settings.tracker_store_url, before=cutoff
    )
    return PurgeCounts(appointments, callbacks, outbox, events)
