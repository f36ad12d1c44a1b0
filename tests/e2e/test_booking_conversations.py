"""Booking, checking, moving and cancelling as patients really answer, over REST (and one by
text), against the real servers: each problem of issue 13 in the patients' own words.

Each conversation books its own day and time (or the free times it is offered) with its own
phone number, so that none of them depends on another; what was stored is read back with the
staff command line.
"""

from __future__ import annotations

import itertools
import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.language.en.dates import MONTHS, WEEKDAYS, describe_slot
from tests.e2e.conftest import new_sender, texts

TZ = ZoneInfo("America/New_York")
REFERENCE = re.compile(r"reference code is ([A-Z0-9]{6})")
OPENING = "Happy to help you book a visit"
MEDICARE = "In 2006, Medicare"
_phones = itertools.count(100)
_days = itertools.count(16)


def new_phone() -> str:
    return f"+1212555{next(_phones):04d}"


def local(phone: str) -> str:
    return f"({phone[2:5]}) {phone[5:8]}-{phone[8:]}"


def own_slot(hour: int = 10) -> datetime:
    """An open weekday at `hour`, well ahead and used by no other conversation."""
    day = datetime.now(TZ).date() + timedelta(days=next(_days))
    while day.weekday() >= 5:
        day = datetime.now(TZ).date() + timedelta(days=next(_days))
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def words(start: datetime) -> str:
    hour = start.hour % 12 or 12
    suffix = "am" if start.hour < 12 else "pm"
    return f"{WEEKDAYS[start.weekday()]} {MONTHS[start.month - 1]} {start.day} at {hour}{suffix}"


def stored(servers, phone: str) -> list[dict]:
    listing = servers.staff("appointments", "list", "--json")
    assert listing.returncode == 0, listing.stderr
    return [a for a in json.loads(listing.stdout) if a["phone"] == phone]


class Patient:
    def __init__(self, servers) -> None:
        self.servers, self.sender, self.last = servers, new_sender(), []

    def says(self, text: str) -> str:
        self.last = self.servers.say(self.sender, text)
        return texts(self.last)

    @property
    def buttons(self) -> list[dict]:
        return [b for reply in self.last for b in reply.get("buttons") or []]


def up_to_the_summary(patient: Patient, phone: str, start: datetime, name: str = "Mary Jones") -> str:
    assert "full name" in patient.says("I'd like to book an appointment")
    assert "mobile number" in patient.says(name)
    assert "day and time" in patient.says(phone[2:])
    assert "about" in patient.says(words(start))
    assert "been to the clinic before" in patient.says("burning feet at night")
    assert "contact you" in patient.says("I'm a new patient")
    assert "email" in patient.says("yes")
    summary = patient.says("skip")
    assert "Here is your request" in summary and name in summary
    return summary


# --- Changing a detail at the summary, by its button and in words ---------------------------

# (button title, the question it asks, the new answer, what the summary then says, stored field, value)
DETAIL_BUTTONS = [
    ("Name", "full name", "John Petersen", "Name: John Petersen", "name", "John Petersen"),
    ("Phone", "mobile number", "{phone2}", "Mobile: {local2}", "phone", "{phone2}"),
    ("Day and time", "day and time", "{later}", "Preferred time: {later_label}", "start", "{later_iso}"),
    ("Reason", "about", "numb toes", "Reason: numb toes", "reason", "numb toes"),
    ("New or returning", "first visit", "I've been before", "First visit: no", "new_patient", False),
    ("Contact permission", "contact you", "No", "Contact by text or phone: no", "contact_consent", False),
    ("Email", "email", "mary@example.com", "Email: mary@example.com", "email", "mary@example.com"),
]


@pytest.mark.parametrize("title, asks, answer, reads, field, value", DETAIL_BUTTONS, ids=[d[0] for d in DETAIL_BUTTONS])
def test_each_detail_typed_as_its_button_title_is_asked_again_and_the_booking_is_sent(
    servers, title, asks, answer, reads, field, value
):
    """ "Change something" -> "Name" -> "John Petersen" -> "yes, send it" used to crash the booking."""
    patient, phone, phone2 = Patient(servers), new_phone(), new_phone()
    start, later = own_slot(10), own_slot(14)
    values = {
        "phone2": phone2[2:],
        "local2": local(phone2),
        "later": words(later),
        "later_label": describe_slot(later, datetime.now(TZ)),
        "later_iso": later.isoformat(),
    }
    up_to_the_summary(patient, phone, start)
    assert "Which detail" in patient.says("Change something")  # typed, not tapped
    assert [b["title"] for b in patient.buttons] == [d[0] for d in DETAIL_BUTTONS]
    assert asks in patient.says(title)
    summary = patient.says(answer.format(**values))
    assert reads.format(**values) in summary and ("burning feet at night" in summary or title == "Reason")
    done = patient.says("yes, send it")
    assert REFERENCE.search(done), done
    if field == "phone":
        phone = phone2
    [entry] = stored(servers, phone)
    expected = value.format(**values) if isinstance(value, str) else value
    if field == "start":
        assert datetime.fromisoformat(entry["start"]) == datetime.fromisoformat(expected)
    elif field == "phone":
        assert entry["phone"] == "+1" + expected
    else:
        assert entry[field] == expected
    assert entry["name"] == ("John Petersen" if title == "Name" else "Mary Jones")


IN_WORDS = [  # (what the patient says at the summary, what the summary then reads)
    ("my name is Marie with an e", "Name: Marie Jones"),
    ("actually my number is {phone2}", "Mobile: {local2}"),
    ("actually make it {later}", "Preferred time: {later_label}"),
    ("I've been there before actually", "First visit: no"),
    ("please don't call or text me", "Contact by text or phone: no"),
    ("my email is mary@example.com", "Email: mary@example.com"),
]


@pytest.mark.parametrize("said, reads", IN_WORDS, ids=[w[0].split()[1] for w in IN_WORDS])
def test_each_detail_changed_in_words_at_the_summary(servers, said, reads):
    patient, phone, phone2 = Patient(servers), new_phone(), new_phone()
    start, later = own_slot(11), own_slot(15)
    values = {
        "phone2": phone2[2:],
        "local2": local(phone2),
        "later": words(later),
        "later_label": describe_slot(later, datetime.now(TZ)),
    }
    up_to_the_summary(patient, phone, start)
    summary = patient.says(said.format(**values))
    assert reads.format(**values) in summary
    assert REFERENCE.search(patient.says("yes"))


def test_the_reason_changed_in_words_at_the_summary(servers):
    patient = Patient(servers)
    up_to_the_summary(patient, new_phone(), own_slot(12))
    assert "about" in patient.says("no, the reason is wrong")
    assert "Reason: numb toes" in patient.says("numb toes")


def test_no_the_time_is_wrong_asks_the_time_and_keeps_the_rest(servers):
    patient, phone = Patient(servers), new_phone()
    later = own_slot(16)
    up_to_the_summary(patient, phone, own_slot(9))
    assert "day and time" in patient.says("no, the time is wrong")
    summary = patient.says(words(later))
    assert "Mary Jones" in summary and "burning feet at night" in summary
    patient.says("yes")
    assert datetime.fromisoformat(stored(servers, phone)[0]["start"]) == later


# --- The answer to the question comes first -------------------------------------------------


def test_whatever_works_at_the_time_question_offers_free_times(servers):
    patient = Patient(servers)
    patient.says("book an appointment")
    patient.says("Ruth Baker")
    offered = patient.says(new_phone()[2:])
    assert "day and time" in offered and len(patient.buttons) == 3  # offers come with the question
    reply = patient.says("whatever works")
    assert "free times" in reply and "Take care" not in reply and len(patient.buttons) == 3


def test_skip_at_the_contact_question_is_explained_not_a_stop(servers):
    patient = Patient(servers)
    up_to_consent(patient)
    reply = patient.says("skip")
    assert "Yes or No" in reply and "stopped" not in reply


def test_typing_first_visit_is_choosing_it(servers):
    patient = Patient(servers)
    up_to_status(patient)
    reply = patient.says("First visit")
    assert "contact you" in reply and "session" not in reply.lower()


def test_sure_text_is_best_is_a_yes(servers):
    patient = Patient(servers)
    up_to_consent(patient)
    assert "email" in patient.says("sure, text is best")


def test_yes_to_first_visit_or_been_before_gets_the_question_again_plainly(servers):
    patient = Patient(servers)
    up_to_status(patient)
    reply = patient.says("Yes")
    assert "first visit" in reply and "been to the clinic before" in reply and OPENING not in reply
    assert [b["title"] for b in patient.buttons] == ["First visit", "I've been before"]
    assert "contact you" in patient.says("I've been before")


def test_maybe_to_consent_is_not_consent_and_no_call_is_promised(servers):
    patient, phone = Patient(servers), new_phone()
    up_to_consent(patient, phone)
    assert "Yes or No" in patient.says("maybe")
    patient.says("No")
    patient.says("skip")
    done = patient.says("yes")
    assert "won't call or text" in done and "Staff will call or text you" not in done
    assert stored(servers, phone)[0]["contact_consent"] is False


def test_a_name_that_is_not_a_name_gets_a_short_reask_not_the_opening_again(servers):
    patient = Patient(servers)
    assert OPENING in patient.says("I want to book")
    reply = patient.says("Mary")
    assert "first and last name" in reply and OPENING not in reply


def test_a_question_at_the_time_question_is_answered_then_the_times_offered_again(servers):
    patient = Patient(servers)
    patient.says("book an appointment")
    patient.says("Alan Reed")
    patient.says(new_phone()[2:])
    reply = patient.says("what are your opening hours?")
    assert "Monday to Friday" in reply and "day and time" in reply and len(patient.buttons) == 3


def test_a_story_about_the_feet_in_the_middle_of_booking_gets_sympathy_then_the_question(servers):
    patient = Patient(servers)
    patient.says("I'd like to book an appointment")
    reply = patient.says("I have terrible burning in my feet")
    assert "sorry" in reply.lower() and "full name" in reply


# --- Everything at once, and corrections in words ---------------------------------------------


def test_everything_in_the_first_message_is_taken_and_only_the_rest_asked(servers):
    patient, phone = Patient(servers), new_phone()
    start = own_slot(15)
    reply = patient.says(f"Hi, I'm John Smith {phone[2:5]}-{phone[5:8]}-{phone[8:]}, want {words(start)}, first visit")
    assert "John Smith" in reply and "first visit" in reply and "about" in reply
    assert "full name" not in reply and "mobile number" not in reply
    patient.says("my feet")
    patient.says("yes")
    summary = patient.says("skip")
    assert "John Smith" in summary and local(phone) in summary and "First visit: yes" in summary
    patient.says("yes")
    [entry] = stored(servers, phone)
    assert entry["name"] == "John Smith" and datetime.fromisoformat(entry["start"]) == start and entry["new_patient"]


def test_actually_make_it_friday_at_the_reason_question_changes_the_day_not_the_reason(servers):
    patient, phone = Patient(servers), new_phone()
    patient.says("book a visit")
    patient.says("Grace Hall")
    patient.says(phone[2:])
    patient.says(words(own_slot(13)))
    reply = patient.says("actually make it Friday")
    assert "Friday" in reply and "about" in reply
    patient.says("burning feet")
    patient.says("first visit")
    patient.says("yes")
    summary = patient.says("skip")
    assert "Reason: burning feet" in summary and "Preferred time: Friday" in summary


def test_thursday_afternoon_when_he_cant_do_mornings(servers):
    patient = Patient(servers)
    patient.says("I'd like to book for my father")
    patient.says("Walter Pruitt")
    patient.says(new_phone()[2:])
    reply = patient.says("Thursday afternoon, he can't do mornings")
    assert "about" in reply and "911" not in reply
    summary = up_from_reason(patient)
    label = re.search(r"Preferred time: (.*)", summary).group(1)
    assert label.startswith("Thursday") and (" pm" in label or "12 pm" in label), label


# --- Times patients ask for -------------------------------------------------------------------


@pytest.mark.parametrize(
    "wish",
    [
        "first available",
        "asap",
        "any day is fine",
        "doesn't matter",
        "this week",
        "next week sometime",
        "mornings",
        "after 3",
        "in two weeks on a morning",
    ],
)
def test_an_open_wish_gets_free_times_that_fit_and_one_is_booked(servers, wish):
    patient, phone = Patient(servers), new_phone()
    patient.says("I'd like to book an appointment")
    patient.says("Nora Quinn")
    patient.says(phone[2:])
    reply = patient.says(wish)
    offers = [b["payload"] for b in patient.buttons]
    assert offers and ("free times" in reply or "nearest" in reply), reply
    if wish == "mornings":
        assert all(" am" in o for o in offers)
    if wish == "after 3":
        assert all(re.search(r" (3|4|3:30|4:30) pm$", o) for o in offers), offers
    assert "about" in patient.says(offers[-1])
    up_from_reason(patient)
    patient.says("yes")
    assert describe_slot(datetime.fromisoformat(stored(servers, phone)[0]["start"]), datetime.now(TZ)) == offers[-1]


def test_the_31st_is_the_next_month_that_has_one(servers):
    patient = Patient(servers)
    patient.says("book an appointment")
    patient.says("Lena Ortiz")
    patient.says(new_phone()[2:])
    reply = patient.says("the 31st")
    assert "isn't in the calendar" not in reply
    if "about" in reply:  # a free day: the next 31st is booked
        assert re.search(r"Preferred time: \w+, \w+ 31 at", up_from_reason(patient))
    else:  # a weekend, a holiday or too far: the nearest free times instead
        assert "closed" in reply or "further ahead" in reply or "nothing free" in reply, reply


def test_the_first_one_picks_the_first_time_offered(servers):
    patient = Patient(servers)
    patient.says("book an appointment")
    patient.says("Paul Young")
    patient.says(new_phone()[2:])
    first = patient.buttons[0]["payload"]
    patient.says("the first one")
    assert f"Preferred time: {first}" in up_from_reason(patient)


# --- The staff call offered after repeated misses -----------------------------------------------


def offered_a_staff_call(servers) -> Patient:
    """A patient whose phone number is refused three times, so a staff call is offered."""
    patient = Patient(servers)
    patient.says("I'd like to book an appointment")
    patient.says("Ann Lee")
    patient.says("12")
    patient.says("34")
    assert "call you instead" in patient.says("56")
    return patient


def test_a_typed_yes_to_the_staff_call_starts_a_call_back_request_and_a_no_goes_on(servers):
    """Seen from outside: "yes" to "Would you like a staff member to call you instead?" was read
    as an answer to the booking's question and refused."""
    assert "What number should they call" in offered_a_staff_call(servers).says("yes")
    other = offered_a_staff_call(servers)
    assert "mobile number" in other.says("no")
    assert "day and time" in other.says(new_phone()[2:])


# --- Say a thing once -------------------------------------------------------------------------


def test_cost_asked_three_ways_gets_the_paragraph_once_then_the_relevant_part_and_a_call_back(servers):
    patient = Patient(servers)
    assert MEDICARE in patient.says("how much does it cost?")
    again = patient.says("roughly?")
    assert MEDICARE not in again and "staff" in again.lower() and "call" in again.lower()
    third = patient.says("is the consultation free?")
    assert MEDICARE not in third
    assert "call you back" in patient.says("yes")  # the offer is taken up: a call-back request


def test_a_statement_about_neuropathy_gets_sympathy_and_the_offer(servers):
    reply = Patient(servers).says("hello, I have neuropathy in my feet")
    assert "sorry" in reply.lower() and "book" in reply and "anything else" not in reply


def test_i_need_to_talk_to_the_doctor_is_a_request_for_a_person(servers):
    reply = Patient(servers).says("I need to talk to the doctor")
    assert "call you back" in reply and "911" not in reply and "988" not in reply


# --- After booking, and lookups ---------------------------------------------------------------


def book(servers, patient: Patient, phone: str, start: datetime, name: str = "Mary Jones") -> str:
    up_to_the_summary(patient, phone, start, name)
    return REFERENCE.search(patient.says("yes")).group(1)


def test_will_someone_confirm_tonight_right_after_booking(servers):
    patient = Patient(servers)
    book(servers, patient, new_phone(), own_slot(10))
    reply = patient.says("will someone confirm tonight?")
    assert "couldn't find" not in reply and "reference code" not in reply
    assert "call or text you" in reply


def test_without_the_code_the_phone_and_the_name_find_the_visit(servers):
    phone = new_phone()
    book(servers, Patient(servers), phone, own_slot(11), name="Edith Clarke")
    patient = Patient(servers)
    patient.says("is my appointment confirmed?")
    assert "phone number" in patient.says("I don't have the reference code")
    asked = patient.says(phone[2:])
    assert "full name" in asked and "requested" not in asked  # nothing shown on the phone alone
    assert "requested" in patient.says("Edith Clarke")


def test_without_the_code_the_phone_and_the_full_name_find_the_visit_and_the_day_does_not(servers):
    phone, start = new_phone(), own_slot(12)
    book(servers, Patient(servers), phone, start, name="Hugo Lane")
    patient = Patient(servers)
    patient.says("I need to cancel my appointment")
    patient.says("I lost my code")
    patient.says(phone[2:])
    assert "full name" in patient.says(f"{MONTHS[start.month - 1]} {start.day}")  # a day is guessed too easily
    assert "cancel it" in patient.says("hugo lane")
    assert "cancelled" in patient.says("ok then just cancel it")
    assert stored(servers, phone)[0]["status"] == "cancelled"


def test_a_wrong_name_shows_nothing(servers):
    phone = new_phone()
    book(servers, Patient(servers), phone, own_slot(13), name="Iris Moss")
    patient = Patient(servers)
    patient.says("when is my appointment?")
    patient.says("no code")
    patient.says(phone[2:])
    reply = patient.says("Iris Smith")
    assert "couldn't find" in reply and "Iris" not in reply and "requested" not in reply


def test_a_new_booking_from_inside_a_lookup(servers):
    patient = Patient(servers)
    assert "reference code" in patient.says("can I move my appointment?")
    reply = patient.says("book a new appointment for tomorrow morning")
    assert OPENING in reply and "full name" in reply and "not able to help" not in reply


def test_guessing_is_refused_for_a_while_with_the_clinics_phone(servers):
    phone = new_phone()
    reference = book(servers, Patient(servers), phone, own_slot(14))
    for attempt in range(5):
        patient = Patient(servers)  # a new conversation each time: the code and the phone are counted too
        patient.says("is my appointment confirmed?")
        patient.says(reference)
        reply = patient.says(f"202 555 01{attempt:02d}")
    assert "try again in 15 minutes" in reply and "(555) 010-0199" in reply
    patient = Patient(servers)
    patient.says("is my appointment confirmed?")
    patient.says(reference)
    reply = patient.says(phone[2:])  # the right phone, now refused too
    assert "requested" not in reply and "try again" in reply


def test_too_many_open_requests_from_one_phone(servers):
    phone = new_phone()
    for _ in range(3):
        book(servers, Patient(servers), phone, own_slot(9))
    patient = Patient(servers)
    patient.says("book an appointment")
    patient.says("Mary Jones")
    reply = patient.says(phone[2:])
    assert "as many visit requests open" in reply and "(555) 010-0199" in reply
    assert len(stored(servers, phone)) == 3


# --- Stopping forgets -------------------------------------------------------------------------


@pytest.mark.parametrize("leave", ["stop", "never mind", "bye"])
def test_after_stopping_the_next_booking_asks_everything_again(servers, leave):
    patient = Patient(servers)
    patient.says("I'd like to book an appointment")
    patient.says("Olive Stone")
    patient.says(new_phone()[2:])
    patient.says(leave)
    assert "full name" in patient.says("I'd like to book an appointment")
    assert "mobile number" in patient.says("Peter Stone")  # the phone given before is forgotten too


# --- By text ----------------------------------------------------------------------------------


def test_booking_by_text_with_first_available_a_number_and_a_correction(servers):
    phone = "+16175550177"
    assert "full name" in "\n".join(servers.text(phone, "I'd like to book an appointment"))
    servers.text(phone, "Helen Ward")
    servers.text(phone, "617-555-0177")
    offers = "\n".join(servers.text(phone, "first available"))
    assert "Reply 1 for" in offers
    assert "about" in "\n".join(servers.text(phone, "2"))
    servers.text(phone, "my feet")
    assert "Reply 1 for First visit" in "\n".join(servers.text(phone, "yes"))  # "yes" picks neither
    servers.text(phone, "1")
    servers.text(phone, "1")
    summary = "\n".join(servers.text(phone, "skip"))
    assert "Helen Ward" in summary
    summary = "\n".join(servers.text(phone, "my name is Helen Warde with an e"))
    assert "Helen Warde" in summary
    assert "reference code" in "\n".join(servers.text(phone, "1"))
    assert stored(servers, phone)[0]["name"] == "Helen Warde"


# --- Helpers for reaching a question ---------------------------------------------------------


def up_to_status(patient: Patient, phone: str | None = None) -> None:
    patient.says("I'd like to book an appointment")
    patient.says("Mary Jones")
    patient.says((phone or new_phone())[2:])
    patient.says(words(own_slot(16)))
    assert "been to the clinic before" in patient.says("burning feet")


def up_to_consent(patient: Patient, phone: str | None = None) -> None:
    up_to_status(patient, phone)
    assert "contact you" in patient.says("first visit")


def up_from_reason(patient: Patient) -> str:
    patient.says("numb feet")
    patient.says("first visit")
    patient.says("yes")
    summary = patient.says("skip")
    assert "Here is your request" in summary, summary
    return summary
