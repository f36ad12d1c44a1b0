"""The booking details as a patient reads them back, in English: the summary before sending,
and what was noted from a message that gave several details at once."""

from __future__ import annotations

from typing import Any

from bot.clinic.contact_details import display_phone


def status_words(status: str | None) -> str:
    return {"new": "first visit", "returning": "been before"}.get(status or "", "")


def booking_summary(details: dict[str, Any], region: str) -> str:
    """The read-back before anything is sent, one detail a line."""
    return "\n".join(
        [
            f"Name: {details.get('patient_name') or 'not given'}",
            f"Mobile: {display_phone(details.get('patient_phone'), region)}",
            f"Preferred time: {details.get('preferred_time')}",
            f"Reason: {details.get('visit_reason') or 'not given'}",
            f"First visit: {'yes' if details.get('patient_status') == 'new' else 'no'}",
            f"Contact by text or phone: {'yes' if details.get('contact_consent') else 'no'}",
            f"Email: {details.get('patient_email') or 'not given'}",
        ]
    )


def noted(details: dict[str, Any], region: str) -> str:
    """'John Smith, (617) 555-0143, Tuesday, December 1 at 3 pm, first visit'."""
    parts = []
    if details.get("patient_name"):
        parts.append(details["patient_name"])
    if details.get("patient_phone"):
        parts.append(display_phone(details["patient_phone"], region))
    if details.get("preferred_time"):
        parts.append(details["preferred_time"])
    if details.get("patient_status"):
        parts.append(status_words(details["patient_status"]))
    if details.get("visit_reason"):
        parts.append(f"about {details['visit_reason']}")
    if details.get("patient_email"):
        parts.append(details["patient_email"])
    if details.get("contact_consent") is not None:
        parts.append("you may be called or texted" if details["contact_consent"] else "no calls or texts")
    return ", ".join(parts)
