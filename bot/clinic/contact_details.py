"""Check and tidy the contact details a patient gives: phone numbers and email addresses.

Plain Python, no Rasa, no language: the same rules hold whatever language the patient writes
in. Every function takes any text (even None) and never raises; anything longer than
MAX_CHARS is turned down at once, before any other work.
"""

from __future__ import annotations

import re

import phonenumbers

MAX_CHARS = 200


def usable(text: object) -> bool:
    """A non-empty string short enough to be an answer."""
    return isinstance(text, str) and bool(text.strip()) and len(text) <= MAX_CHARS


# --- Phone ----------------------------------------------------------------------------------


def normalize_phone(text: str, region: str) -> str | None:
    """The one valid phone number in `text` as E.164 ('+16175550199'), else None.

    Numbers without a country code are read in `region` (e.g. 'US'). Two different numbers
    in one answer give None: the caller asks again.
    """
    if not usable(text):
        return None
    try:
        matches = phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID)
        found = {phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164) for m in matches}
    except Exception:  # phonenumbers on odd input or an unknown region: not a number
        return None
    return found.pop() if len(found) == 1 else None


# --- Email ----------------------------------------------------------------------------------

_EMAIL = re.compile(r"(?P<local>[^\s@<>()\[\],;:\"\\]+)@(?P<domain>(?:[a-z0-9-]+\.)+[a-z]{2,})", re.IGNORECASE)


def normalize_email(text: str) -> str | None:
    """A plausible email address with a lower-case domain, or None.

    One '@', a dot in the domain, no spaces. In a sentence ('my email is a@b.com') the one
    word holding an '@' is used.
    """
    if not usable(text):
        return None
    candidates = [w.strip(".,;:!?()<>\"'") for w in text.split() if "@" in w]
    if len(candidates) != 1:
        return None
    match = _EMAIL.fullmatch(candidates[0])
    if (
        not match
        or ".." in candidates[0]
        or any(part.startswith("-") or part.endswith("-") for part in match["domain"].split("."))
    ):
        return None
    return f"{match['local']}@{match['domain'].lower()}"


def display_phone(e164: str | None, region: str) -> str:
    """'+16175550199' as a patient writes it at home ('(617) 555-0199'), abroad in full."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, region)
    except phonenumbers.NumberParseException:
        return e164
    same_country = phonenumbers.region_code_for_number(number) == region
    style = phonenumbers.PhoneNumberFormat.NATIONAL if same_country else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)
