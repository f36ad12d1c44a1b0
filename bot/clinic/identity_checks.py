"""Finding a patient's appointment without letting anyone guess their way to it.

An appointment is found only when two things match: its reference code and the phone number
that booked it, or (for a patient without the code) that phone number and the full name the
visit is under. Not its day: a weekday is guessed in a few tries. Nothing about any
appointment is said until both match.

Every failed attempt is counted in the database, once for each thing it was made with (the
code, the phone number, the conversation), so all servers of a cluster share the count. Once
any of them has `settings.identity_check_max_failures` failures in the last
`settings.identity_check_lockout_minutes`, further attempts with it are refused until the
oldest of those failures is old enough, even with the right details. The keys are one-way
hashes, not the codes or numbers themselves; old rows are removed as new ones are written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.clinic.appointments import AppointmentView, appointment_view, utc_now_or
from bot.clinic.contact_details import normalize_phone
from bot.clinic.database import CANCELLED, Appointment, FailedIdentityCheck
from bot.clinic.references import is_valid_reference, normalize_reference
from bot.settings import Settings

FOUND, NOT_FOUND, LOCKED = "found", "not_found", "locked"


@dataclass(frozen=True)
class IdentityCheck:
    outcome: str  # FOUND, NOT_FOUND or LOCKED
    appointment: AppointmentView | None = None


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"clinic-identity-check:{kind}:{value}".encode()).hexdigest()


def identity_keys(conversation_id: str | None, phone: str | None, reference: str | None = None) -> list[str]:
    """What an attempt is counted against: its conversation, phone number and reference code."""
    keys = []
    if conversation_id:
        keys.append(_key("conversation", conversation_id))
    if phone:
        keys.append(_key("phone", phone))
    if reference:
        keys.append(_key("reference", normalize_reference(reference)))
    return keys


def is_locked_out(engine: Engine, keys: list[str], settings: Settings, now: datetime | None = None) -> bool:
    """True when any of `keys` has too many recent failures."""
    if not keys:
        return False
    since = utc_now_or(now) - timedelta(minutes=settings.identity_check_lockout_minutes)
    with Session(engine) as session, session.begin():
        counts = session.execute(
            select(FailedIdentityCheck.key, func.count(FailedIdentityCheck.id))
            .where(FailedIdentityCheck.key.in_(keys), FailedIdentityCheck.created_at > since)
            .group_by(FailedIdentityCheck.key)
        ).all()
    return any(count >= settings.identity_check_max_failures for _, count in counts)


def record_failure(engine: Engine, keys: list[str], settings: Settings, now: datetime | None = None) -> None:
    now = utc_now_or(now)
    with Session(engine) as session, session.begin():
        session.execute(
            delete(FailedIdentityCheck)
            .where(FailedIdentityCheck.created_at <= now - timedelta(minutes=settings.identity_check_lockout_minutes))
            .execution_options(synchronize_session=False)
        )
        session.add_all(FailedIdentityCheck(key=key, created_at=now) for key in keys)


def _same_name(given: str, booked: str) -> bool:
    def words(name: str) -> list[str]:
        return "".join(c if c.isalpha() or c.isspace() else " " for c in name.casefold()).split()

    return bool(words(given)) and words(given) == words(booked)


def _matching(
    session: Session,
    settings: Settings,
    now: datetime,
    phone: str,
    reference: str | None,
    name: str | None,
    include_cancelled: bool,
) -> Appointment | None:
    query = select(Appointment).where(Appointment.phone == phone)
    if not include_cancelled:
        query = query.where(Appointment.status != CANCELLED)
    if reference is not None:
        if not is_valid_reference(reference):
            return None
        return session.scalar(query.where(Appointment.reference == normalize_reference(reference)))
    if name is None:
        return None
    upcoming = session.scalars(query.where(Appointment.end > now).order_by(Appointment.start)).all()
    return next((row for row in upcoming if _same_name(name, row.name)), None)


def check_identity(
    engine: Engine,
    settings: Settings,
    conversation_id: str | None,
    phone: str,
    reference: str | None = None,
    name: str | None = None,
    include_cancelled: bool = False,
    now: datetime | None = None,
) -> IdentityCheck:
    """The appointment booked with `phone` and `reference` (or, without a code, with `phone` and
    the full name on the visit; the soonest upcoming one that matches), unless locked out. The
    visit's day is never enough: a weekday is guessed in a few tries.

    A miss is recorded against the conversation, the phone number and the code; the attempt
    that reaches the limit is told LOCKED at once, so no further guess is made.
    """
    now = utc_now_or(now)
    normalized_phone = normalize_phone(phone, settings.phone_region) or phone
    keys = identity_keys(conversation_id, normalized_phone, reference)
    if is_locked_out(engine, keys, settings, now):
        return IdentityCheck(LOCKED)
    with Session(engine) as session, session.begin():
        row = _matching(session, settings, now, normalized_phone, reference, name, include_cancelled)
        found = None if row is None else appointment_view(row, settings)
    if found is not None:
        return IdentityCheck(FOUND, found)
    record_failure(engine, keys, settings, now)
    return IdentityCheck(LOCKED if is_locked_out(engine, keys, settings, now) else NOT_FOUND)
