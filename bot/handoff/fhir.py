"""The FHIR R4 `Appointment` resource sent to the clinic's scheduling system."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from bot.settings import Settings

REFERENCE_SYSTEM = "urn:clinic:appointment-reference"
IDEMPOTENCY_TAG_SYSTEM = "urn:clinic:idempotency-key"


class AppointmentLike(Protocol):
    """What the resource is built from: an `Appointment` row or an `AppointmentView`."""

    reference: str
    name: str
    phone: str
    email: str | None
    start: datetime
    end: datetime
    status: str
    reason: str | None
    new_patient: bool | None
    created_at: datetime


def _iso(moment: datetime, settings: Settings) -> str:
    return moment.astimezone(settings.timezone).isoformat(timespec="seconds")


def _patient(appointment: AppointmentLike) -> dict[str, Any]:
    telecom = [{"system": "phone", "value": appointment.phone, "use": "mobile"}]
    if appointment.email:
        telecom.append({"system": "email", "value": appointment.email})
    return {
        "resourceType": "Patient",
        "id": "patient",
        "name": [{"text": appointment.name}],
        "telecom": telecom,
    }


def appointment_resource(appointment: AppointmentLike, settings: Settings, idempotency_key: str) -> dict[str, Any]:
    """A FHIR R4 Appointment for `appointment`, its status taken from the appointment.

    The patient is a contained Patient resource; the requested time is `requestedPeriod`
    because the request is still `proposed` until staff book it.
    """
    resource: dict[str, Any] = {
        "resourceType": "Appointment",
        "meta": {"tag": [{"system": IDEMPOTENCY_TAG_SYSTEM, "code": idempotency_key}]},
        "contained": [_patient(appointment)],
        "identifier": [{"system": REFERENCE_SYSTEM, "value": appointment.reference}],
        "status": appointment.status,
        "requestedPeriod": [{"start": _iso(appointment.start, settings), "end": _iso(appointment.end, settings)}],
        "minutesDuration": int((appointment.end - appointment.start).total_seconds() // 60),
        "created": _iso(appointment.created_at, settings),
        "participant": [
            {
                "actor": {"reference": "#patient", "display": appointment.name},
                "required": "required",
                "status": "declined" if appointment.status == "cancelled" else "needs-action",
            }
        ],
    }
    if appointment.reason:
        resource["description"] = appointment.reason
        resource["reasonCode"] = [{"text": appointment.reason}]
    if appointment.new_patient is not None:
        resource["comment"] = "New patient" if appointment.new_patient else "Returning patient"
    return resource
