"""Fifty simulated patients book over REST, each answering in a randomly chosen way, and every
booking must be stored with exactly the details they gave (read back with the staff command line).

The ways patients answered when the assistant was tried by people (issue 13): one question at a
time; everything in the first message; corrections in words; "skip"; "yes" to an either/or
question; "maybe" to consent; typos in the day; open wishes ("first available", "mornings",
"after 3") answered with one of the times offered, by button or by its place ("the second
one"); a detail changed at the summary. The servers are this test's own, so the diary holds
only its bookings. SIMULATED_PATIENTS_SEED picks another run.
"""

from __future__ import annotations

import json
import os
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.language.en.dates import MONTHS, WEEKDAYS, describe_slot
from tests.servers import new_sender, running_servers, texts

TZ = ZoneInfo("America/New_York")
PATIENTS = 50
REFERENCE = re.compile(r"reference code is ([A-Z0-9]{6})")
FIRST = ["Mary", "John", "Linda", "Robert", "Dorothy", "James", "Helen", "Walter", "Edna", "Frank", "Ruth", "George"]
LAST = [
    "Jones",
    "Smith",
    "Garcia",
    "O'Brien",
    "Nguyen",
    "Pruitt",
    "Delgado",
    "Becker",
    "Kowalski",
    "McDonald",
    "Hall",
    "Ortiz",
]
REASONS = [
    "burning feet at night",
    "numbness in my toes",
    "tingling hands",
    "pins and needles in both feet",
    "my diabetic neuropathy",
    "balance problems",
]
DAY_TYPOS = {"tuesday": "tuesdy", "wednesday": "wensday", "thursday": "thrusday", "friday": "firday", "monday": "mondy"}
OPEN_WISHES = [
    "first available",
    "asap",
    "any day is fine",
    "whatever works",
    "mornings",
    "after 3",
    "next week sometime",
    "in two weeks on a morning",
    "doesn't matter",
]


@dataclass
class Wanted:
    name: str
    phone: str
    reason: str | None
    new_patient: bool
    consent: bool
    email: str | None
    start: datetime | None = None  # set once the time is chosen
    label: str = ""  # the time as the assistant says it
    said: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def own_servers(tmp_path_factory, fake_twilio):
    with running_servers(tmp_path_factory.mktemp("simulated"), fake_twilio) as started:
        yield started


class SimulatedPatient:
    def __init__(self, servers, rng: random.Random, wanted: Wanted, free_exact: list[datetime]) -> None:
        self.servers, self.rng, self.wanted, self.free_exact = servers, rng, wanted, free_exact
        self.sender, self.last = new_sender(), []

    def says(self, text: str) -> str:
        self.wanted.said.append(text)
        self.last = self.servers.say(self.sender, text)
        return texts(self.last)

    def offers(self) -> list[str]:
        return [b["payload"] for reply in self.last for b in reply.get("buttons") or [] if " at " in b["payload"]]

    def day_words(self, start: datetime, typo: bool) -> str:
        day = WEEKDAYS[start.weekday()]
        day = DAY_TYPOS.get(day, day) if typo else day
        clock = f"{start.hour % 12 or 12}" + (f":{start.minute:02d}" if start.minute else "")
        return f"{day} {MONTHS[start.month - 1]} {start.day} at {clock}{'am' if start.hour < 12 else 'pm'}"

    def name_words(self) -> str:
        name = self.wanted.name
        return self.rng.choice([name, name.lower(), f"my name is {name}", f"it's {name}", f"{name}, thanks"])

    def exact_time(self) -> str:
        start = self.free_exact.pop()
        self.wanted.start, self.wanted.label = start, describe_slot(start, datetime.now(TZ))
        return self.day_words(start, typo=self.rng.random() < 0.3)

    def answer_time(self, reply: str) -> str:
        """Answers the time question: a day and time, or an open wish and then one of the offers."""
        if self.rng.random() < 0.5:
            return self.says(self.exact_time())
        reply = self.says(self.rng.choice(OPEN_WISHES))
        offers = self.offers()
        assert offers, f"no times offered: {reply}"
        pick = self.rng.randrange(len(offers))
        self.wanted.label = offers[pick]
        how = self.rng.choice(["button", "place"])
        return self.says(
            offers[pick] if how == "button" else ["the first one", "the second one", "the third one"][pick]
        )

    def book(self) -> str:
        w, rng = self.wanted, self.rng
        style = rng.choice(["fragments", "at_once", "fragments", "corrections"])
        if style == "at_once":
            start = self.free_exact.pop()
            w.start, w.label = start, describe_slot(start, datetime.now(TZ))
            status = "first visit" if w.new_patient else "I've been before"
            reply = self.says(
                f"Hi, I'm {w.name} {w.phone[2:5]}-{w.phone[5:8]}-{w.phone[8:]}, want "
                f"{self.day_words(start, typo=False)}, {status}"
            )
            assert "about" in reply, reply
        else:
            assert "full name" in self.says(
                rng.choice(
                    [
                        "I'd like to book an appointment",
                        "can I make an apointment",
                        "book me in please",
                        "I want to come in for a consult",
                    ]
                )
            )
            reply = self.says(self.name_words())
            assert "mobile number" in reply, reply
            if style == "corrections":
                reply = self.says("617 555 01")  # too short: asked again
                assert "phone number" in reply, reply
            reply = self.says(w.phone[2:])
            assert "day and time" in reply, reply
            reply = self.answer_time(reply)
            assert "about" in reply, reply
        if style == "corrections" and w.start is not None:
            moved = self.free_exact.pop()
            reply = self.says(f"actually make it {self.day_words(moved, typo=False)}")
            assert "about" in reply, reply
            w.start, w.label = moved, describe_slot(moved, datetime.now(TZ))
        reply = self.says(w.reason or rng.choice(["skip", "no", "rather not say"]))
        if "been to the clinic before" in reply:
            if rng.random() < 0.4:  # "yes" to an either/or question: asked again
                reply = self.says(rng.choice(["yes", "Yes", "ok", "no"]))
                assert "Please pick one" in reply, reply
            reply = self.says(
                rng.choice(["first visit", "First visit", "I'm a new patient", "never been"])
                if w.new_patient
                else rng.choice(["I've been before", "returning", "been there before"])
            )
        assert "contact you" in reply, reply
        if rng.random() < 0.3:
            assert "Yes or No" in self.says("maybe")
        reply = self.says(
            rng.choice(["yes", "sure, text is best", "ok"]) if w.consent else rng.choice(["no", "No", "don't call me"])
        )
        assert "email" in reply, reply
        summary = self.says(w.email or rng.choice(["skip", "no thanks", "none"]))
        assert "Here is your request" in summary, summary
        if rng.random() < 0.25:  # changes the name's spelling at the summary, then sends it
            first, last = w.name.split(" ", 1)
            w.name = f"{first}e {last}"
            summary = self.says(f"my name is {first}e with an e")
            assert w.name in summary, summary
        done = self.says(rng.choice(["yes", "Yes, send it", "yes please", "looks good"]))
        match = REFERENCE.search(done)
        assert match, done
        return match.group(1)


def free_exact_slots(rng: random.Random, count: int) -> list[datetime]:
    """Distinct bookable weekday slots 30 to 80 days ahead, where no offer reaches."""
    today = datetime.now(TZ).date()
    slots = set()
    while len(slots) < count:
        day = today + timedelta(days=rng.randrange(30, 80))
        if day.weekday() < 5:
            slots.add(datetime(day.year, day.month, day.day, rng.randrange(9, 17), rng.choice([0, 30]), tzinfo=TZ))
    return sorted(slots)


def test_fifty_patients_answering_their_own_way_all_get_their_booking_stored(own_servers):
    rng = random.Random(int(os.environ.get("SIMULATED_PATIENTS_SEED", "13")))
    free_exact = free_exact_slots(rng, 4 * PATIENTS)
    rng.shuffle(free_exact)
    booked: dict[str, Wanted] = {}
    for index in range(PATIENTS):
        wanted = Wanted(
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            phone=f"+1617555{2000 + index:04d}",
            reason=rng.choice(REASONS) if rng.random() < 0.7 else None,
            new_patient=rng.random() < 0.6,
            consent=rng.random() < 0.8,
            email=f"patient{index}@example.com" if rng.random() < 0.3 else None,
        )
        patient = SimulatedPatient(own_servers, rng, wanted, free_exact)
        try:
            booked[patient.book()] = wanted
        except AssertionError as error:
            raise AssertionError(f"patient {index} said {wanted.said}: {error}") from None

    listing = own_servers.staff("appointments", "list", "--json")
    assert listing.returncode == 0, listing.stderr
    rows = {row["reference"]: row for row in json.loads(listing.stdout)}
    print(f"simulated patients: {len(set(booked) & set(rows))} bookings stored of {PATIENTS} attempted")
    assert len(booked) == PATIENTS and set(booked) <= set(rows)
    for reference, wanted in booked.items():
        row = rows[reference]
        got = (
            row["name"],
            row["phone"],
            row["reason"] or None,
            row["new_patient"],
            row["contact_consent"],
            row["email"],
            describe_slot(datetime.fromisoformat(row["start"]).astimezone(TZ), datetime.now(TZ)),
        )
        assert got == (
            wanted.name,
            wanted.phone,
            wanted.reason,
            wanted.new_patient,
            wanted.consent,
            wanted.email,
            wanted.label,
        ), f"{reference}: stored {got}, patient said {wanted.said}"
