"""Sentences about the clinic, composed from the settings for the assistant's answers.

Each function returns a complete sentence or two. Where the clinic has left a setting
empty, the sentence offers a call-back from staff instead of inventing a value.
"""

from __future__ import annotations

from bot.language.en.dates import describe_opening_hours
from bot.settings import Settings

STAFF_OFFER = 'Just say "talk to a person" and a staff member will call you back.'


def opening_hours_text(settings: Settings) -> str:
    """'Monday to Friday, 9 am to 5 pm', or '' when the clinic has set no hours."""
    return describe_opening_hours(settings.opening_hours)


def phone_sentence(settings: Settings) -> str:
    if not settings.clinic_phone:
        return STAFF_OFFER
    hours = opening_hours_text(settings)
    when = f" during opening hours ({hours})" if hours else ""
    return f"You can call the clinic at {settings.clinic_phone}{when}."


def hours_text(settings: Settings) -> str:
    hours = opening_hours_text(settings)
    if hours:
        return f"The clinic is open {hours}."
    if settings.clinic_phone:
        return (
            f"I don't have the clinic's opening hours at hand. You can call {settings.clinic_phone} to ask, "
            'or say "talk to a person" and a staff member will call you back.'
        )
    return f"I don't have the clinic's opening hours at hand. {STAFF_OFFER}"


def location_text(settings: Settings) -> str:
    if not settings.clinic_address:
        return f"I don't have the clinic's address at hand. {STAFF_OFFER}"
    text = f"{settings.clinic_name} is at {settings.clinic_address}."
    if settings.clinic_directions:
        text += f" {settings.clinic_directions}"
    return text


def contact_text(settings: Settings) -> str:
    ways = []
    if settings.clinic_phone:
        ways.append(f"call {settings.clinic_phone}")
    if settings.clinic_email:
        ways.append(f"email {settings.clinic_email}")
    if settings.clinic_website:
        ways.append(f"visit {settings.clinic_website}")
    if not ways:
        return STAFF_OFFER
    listed = ways[0] if len(ways) == 1 else ", ".join(ways[:-1]) + f" or {ways[-1]}"
    hours = opening_hours_text(settings)
    return f"You can {listed}." + (f" Staff answer the phone {hours}." if settings.clinic_phone and hours else "")


def prices_text(settings: Settings) -> str:
    parts = [p for p in (settings.prices_text, settings.insurance_text) if p]
    if not parts:
        return f"Our staff can go over the cost and your payment options with you. {STAFF_OFFER}"
    return " ".join(parts)


def sessions_text(settings: Settings) -> str:
    if not settings.session_text:
        return f"Our staff can explain how long a visit takes and how many are usual. {STAFF_OFFER}"
    return settings.session_text


def reach_person_text(settings: Settings) -> str:
    if settings.clinic_phone:
        hours = opening_hours_text(settings)
        when = f" ({hours})" if hours else ""
        return f"To reach a person, call {settings.clinic_phone}{when} or ask me for a call-back."
    return "To reach a person, ask me for a call-back and a staff member will phone you."


def conversation_slots(settings: Settings) -> dict[str, str]:
    """Slot values set at the start of every conversation, used by the responses."""
    return {
        "clinic_name": settings.clinic_name,
        "clinic_hours_text": hours_text(settings),
        "clinic_location_text": location_text(settings),
        "clinic_contact_text": contact_text(settings),
        "clinic_prices_text": prices_text(settings),
        "clinic_sessions_text": sessions_text(settings),
        "clinic_phone_text": phone_sentence(settings),
        "reach_person_text": reach_person_text(settings),
    }
