"""What the scheduling service deals in: the details of a request, the views it returns, its errors.

Functions of the service take an engine and plain values and return these plain dataclasses
(never ORM rows), with datetimes as aware datetimes in the clinic's timezone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.clinic.contact_details import normalize_phone
from bot.clinic.database import Appointment, CallbackRequest
from bot.clinic.opening_hours import SlotProblem
from bot.settings import Settings


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


class TooManyOpenRequests(SchedulingError):
    """The phone number or the conversation already holds `settings.max_open_requests` open requests."""


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


@dataclass(frozen=True)
class CallbackView:
    id: int
    name: str
    phone: str
    reason: str | None
    preferred_time: str | None
    status: str
    created_at: datetime


def required_phone(text: str, settings: Settings) -> str:
    phone = normalize_phone(text, settings.phone_region)
    if phone is None:
        raise InvalidPhone("not a valid phone number")
    return phone


def utc_now_or(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def appointment_view(row: Appointment, settings: Settings) -> AppointmentView:
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


def callback_view(row: CallbackRequest, settings: Settings) -> CallbackView:
    return CallbackView(
        id=row.id,
        name=row.name,
        phone=row.phone,
        reason=row.reason,
        preferred_time=row.preferred_time,
        status=row.status,
        created_at=row.created_at.astimezone(settings.timezone),
    )
