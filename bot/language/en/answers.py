"""Everything one English message gives towards a booking, in any order.

    read_message("Hi, I'm John Smith 617-555-0143, want Tuesday 3pm, first visit", now)
      -> Reading(phone="+16175550143", name="John Smith", time_text="want Tuesday 3pm",
                 status="new", ...)

Plain Python, no Rasa. The message is cut into pieces at punctuation; each piece is read for a
phone number, an email address, a day or time, new or returning, a name said as one ("I'm...",
"my name is..."), a reason ("for my burning feet") and how the clinic may get in touch. What
no reader took is `rest`, which the caller may read as the answer to its own question (a name
to "what is your full name?", the reason to "what is the visit about?"). The readers are the
same ones the single questions use (bot/language/en/details.py and dates.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import phonenumbers

from bot.clinic.contact_details import normalize_email, normalize_phone, usable
from bot.language.en.dates import mentions_time
from bot.language.en.details import (
    clean_name,
    looks_like_correction,
    mentions_contact_consent,
    named_in,
    patient_named_in,
    read_patient_status,
    reason_in,
)

# Runs of digits that are meant as a phone number, valid or not (7 digits or more).
_PHONE_LIKE = re.compile(r"(?:\+?\d[\s().-]*){7,}")
_EMAIL_LIKE = re.compile(r"\S+@\S*")
_BARE_NUMBER = re.compile(r"[\d\s:.#-]+")  # "12" alone is not a time unless the time was asked
# A piece that says new or returning speaks of a time only if it also names a day or a clock time.
_DAY_OR_CLOCK = re.compile(
    r"\d|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*day\b|\b(?:today|tomorrow|tonight|morning|afternoon|evening|week"
    r"|noon|asap|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)
_PIECES = re.compile(r"[,;\n!?]+|\.(?=\s|$)|\s+-\s+")


@dataclass(frozen=True)
class Reading:
    phone: str | None = None  # the one valid phone number, E.164
    phone_like: bool = False  # digits meant as a phone number, valid or not
    email: str | None = None
    email_like: bool = False  # a word with an '@', valid or not
    time_text: str = ""  # the pieces that speak of a day or time
    status: str | None = None  # "new" or "returning"
    name: str | None = None  # a name said as one ("I'm John Smith")
    name_part: str | None = None  # "first" or "last" when the patient says which
    consent: str | None = None  # "yes" or "no" when said outright ("don't call me")
    reason: str | None = None  # "for my burning feet"
    rest: str = ""  # what no reader took, pieces joined by ", "
    correction: bool = False  # "actually", "change", "make it", "instead"...

    @property
    def gives_anything(self) -> bool:
        return bool(
            self.phone or self.email or self.time_text or self.status or self.name or self.reason or self.consent
        )


def _phone_in(text: str, region: str) -> tuple[str | None, str]:
    """The phone number in `text` (E.164) and the text without any phone-like digits."""
    phone = normalize_phone(text, region)
    found = phone is not None
    if not found:
        try:
            found = any(
                True for _ in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE)
            )
        except Exception:  # noqa: BLE001 - odd input is simply not a number
            found = False
    rest = _PHONE_LIKE.sub(" ", text)
    return phone, rest if (found or rest != text) else text


def read_message(text: str, now: datetime, region: str = "US") -> Reading:
    """What `text` gives, read in the clinic's timezone (`now` is aware, clinic time)."""
    if not usable(text):
        return Reading()
    flat = " ".join(text.replace("\u2019", "'").split())
    phone, without_phone = _phone_in(flat, region)
    phone_like = bool(_PHONE_LIKE.search(flat))
    email_words = _EMAIL_LIKE.findall(without_phone)
    email = normalize_email(" ".join(email_words)) if email_words else None
    without_contacts = _EMAIL_LIKE.sub(" ", without_phone)

    times, rest, status, name, part, reason, consent = [], [], None, None, None, None, None
    for piece in (p.strip() for p in _PIECES.split(without_contacts)):
        if not piece:
            continue
        taken = False
        piece_name, piece_part = named_in(piece)
        if piece_name and not name:
            name, part, taken = piece_name, piece_part, True
        piece_status = read_patient_status(piece)
        if piece_status and not status:
            status, taken = piece_status, True
        if (
            mentions_time(piece, now)
            and not _BARE_NUMBER.fullmatch(piece)
            and not (piece_status and not _DAY_OR_CLOCK.search(piece))  # "first time" is not "first available"
        ):
            times.append(piece)
            taken = True
        piece_reason = reason_in(piece)
        if piece_reason and not reason:
            reason, taken = piece_reason, True
        piece_consent = mentions_contact_consent(piece)
        if piece_consent and not consent:
            consent, taken = piece_consent, True
        if not taken:
            rest.append(piece)
    for_someone = patient_named_in(without_contacts)  # "my name is Sarah..., it's for my mom Ruth Feldman"
    if for_someone:
        name, part = for_someone, None
        rest = [piece for piece in rest if clean_name(piece) != for_someone]
    return Reading(
        phone=phone,
        phone_like=phone_like,
        email=email,
        email_like=bool(email_words),
        time_text=" ".join(times),
        status=status,
        name=name,
        name_part=part,
        consent=consent,
        reason=reason,
        rest=", ".join(rest),
        correction=looks_like_correction(flat),
    )
