"""bot.language.en: reading patients' answers to the booking questions, and whole messages.

Either/or questions take only answers that pick one; "maybe" is not yes; names come with their
cue ("I'm John Smith") from a longer message; corrections name the detail they change.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.language.en.answers import read_message
from bot.language.en.details import (
    NO,
    UNSURE,
    YES,
    asks_when_confirmed,
    detail_named_in,
    leading_name,
    merge_name,
    named_in,
    read_choice,
    read_contact_consent,
    read_patient_status,
    read_yes_no,
    says_no_code,
    wants_new_booking,
    wants_to_stop,
)

NOW = datetime(2026, 11, 30, 14, 0, tzinfo=ZoneInfo("America/New_York"))  # a Monday afternoon


@pytest.mark.parametrize(
    "text, status",
    [
        ("First visit", "new"),
        ("first visit", "new"),
        ("I'm a new patient", "new"),
        ("first time", "new"),
        ("never been", "new"),
        ("no, never been there", "new"),
        ("new", "new"),
        ("he is new", "new"),
        ("I've been before", "returning"),
        ("I'm a returning patient", "returning"),
        ("been there twice", "returning"),
        ("not my first visit", "returning"),
        ("yes I've been before", "returning"),
        ("returning", "returning"),
    ],
)
def test_new_or_returning(text, status):
    assert read_patient_status(text) == status


@pytest.mark.parametrize("text", ["Yes", "yes", "no", "maybe", "ok", "sure", "first available", "new or returning", ""])
def test_an_answer_that_picks_neither_is_none(text):
    assert read_patient_status(text) is None


@pytest.mark.parametrize(
    "text, answer",
    [
        ("yes", YES),
        ("Yes please", YES),
        ("ok", YES),
        ("sure", YES),
        ("yep!", YES),
        ("go ahead", YES),
        ("ok then just cancel it", YES),
        ("send", YES),
        ("bet, send it", YES),
        ("send me a text instead", None),
        ("send it to my daughter", None),
        ("no", NO),
        ("nope", NO),
        ("no thanks", NO),
        ("no keep it", NO),
        ("maybe", UNSURE),
        ("not sure", UNSURE),
        ("I don't know", UNSURE),
        ("perhaps", UNSURE),
        ("hmm", UNSURE),
    ],
)
def test_yes_no_or_unsure(text, answer):
    assert read_yes_no(text) == answer


@pytest.mark.parametrize(
    "text, answer",
    [
        ("sure, text is best", YES),
        ("text me", YES),
        ("texting is fine", YES),
        ("either is fine", YES),
        ("please don't call me", NO),
        ("no calls", NO),
        ("maybe", UNSURE),
        ("Yes", YES),
    ],
)
def test_contact_consent(text, answer):
    assert read_contact_consent(text) == answer


@pytest.mark.parametrize(
    "text",
    [
        "stop",
        "Stop!",
        "never mind",
        "nevermind",
        "cancel",
        "forget it",
        "quit",
        "I changed my mind",
        "no stop",
        "please stop",
    ],
)
def test_stop(text):
    assert wants_to_stop(text)


@pytest.mark.parametrize(
    "text", ["skip", "ok then just cancel it", "cancel my appointment", "stop by on tuesday", "don't stop", ""]
)
def test_not_a_stop(text):
    assert not wants_to_stop(text)


@pytest.mark.parametrize(
    "text, name",
    [
        ("Hi, I'm John Smith 617-555-0143, want Tuesday 3pm, first visit", "John Smith"),
        ("hi im john smith and i want tuesday", "John Smith"),
        ("my name is Mary O'Brien", "Mary O'Brien"),
        ("my name is John with an h", "John"),
        ("it's Petersen not Peterson", "Petersen"),
        ("this is Dorothy Jenkins calling for my dad", "Dorothy Jenkins"),
    ],
)
def test_a_name_said_as_one(text, name):
    assert named_in(text)[0] == name


@pytest.mark.parametrize(
    "text",
    [
        "I'm safe now, let's carry on",
        "im looking for an appointment",
        "I'm a new patient",
        "I'm 75",
        "I'm diabetic",
        "I'm not sure",
        "it's for my feet",
    ],
)
def test_no_name_where_none_is_said(text):
    assert named_in(text)[0] is None


def test_which_part_of_a_name():
    assert named_in("my last name is Petersen") == ("Petersen", "last")
    assert named_in("first name is Jon") == ("Jon", "first")


@pytest.mark.parametrize(
    "current, given, part, merged",
    [
        ("Jon Smith", "John", None, "John Smith"),
        ("John Peterson", "Petersen", None, "John Petersen"),
        ("John Smith", "Mary Jones", None, "Mary Jones"),
        ("John Smith", "Jones", "last", "John Jones"),
        ("John Smith", "Mike", None, None),
        (None, "John", None, None),
    ],
)
def test_a_name_corrected(current, given, part, merged):
    assert merge_name(current, given, part) == merged


def test_a_full_name_at_the_start_of_a_longer_answer():
    assert leading_name("John Smith and I'd like Tuesday") == "John Smith"
    assert leading_name("Tuesday at 3") is None


@pytest.mark.parametrize(
    "text, detail",
    [
        ("Name", "name"),
        ("Phone", "phone"),
        ("Day and time", "time"),
        ("Reason", "reason"),
        ("New or returning", "status"),
        ("Contact permission", "consent"),
        ("Email", "email"),
        ("the phone number is wrong", "phone"),
        ("change the time", "time"),
        ("my name is spelled wrong", "name"),
    ],
)
def test_the_detail_a_patient_names(text, detail):
    assert detail_named_in(text) == detail


@pytest.mark.parametrize(
    "text, count, pick",
    [
        ("the first one", 3, 0),
        ("2", 3, 1),
        ("the second", 3, 1),
        ("last one", 3, 2),
        ("option 3", 3, 2),
        ("yes", 1, 0),
        ("yes", 3, None),
        ("the 4th", 3, None),
        ("tuesday", 3, None),
    ],
)
def test_a_choice_among_offers(text, count, pick):
    assert read_choice(text, count) == pick


@pytest.mark.parametrize(
    "text", ["I don't have the reference code", "I lost my code", "no code", "don't know it", "I don't have it", "no"]
)
def test_no_code(text):
    assert says_no_code(text)


def test_a_new_booking_is_not_a_change():
    assert wants_new_booking("book a new appointment for tomorrow morning")
    assert wants_new_booking("can I make another appointment")
    assert not wants_new_booking("move my appointment to friday")
    assert not wants_new_booking("when is my appointment")


@pytest.mark.parametrize(
    "text", ["will someone confirm tonight?", "when will I hear back?", "will they call me today?"]
)
def test_asks_when_confirmed(text):
    assert asks_when_confirmed(text)


def test_everything_at_once():
    reading = read_message("Hi, I'm John Smith 617-555-0143, want Tuesday 3pm, first visit", NOW)
    assert (reading.name, reading.phone, reading.status) == ("John Smith", "+16175550143", "new")
    assert "Tuesday 3pm" in reading.time_text


def test_a_reason_and_a_status_along_with_a_time():
    reading = read_message("I want Tuesday at 3 for my burning feet, I'm new", NOW)
    assert reading.reason == "my burning feet" and reading.status == "new" and reading.time_text


def test_a_correction_is_a_time_not_a_reason():
    reading = read_message("actually make it Friday", NOW)
    assert reading.correction and reading.time_text and not reading.rest


@pytest.mark.parametrize("text", ["burning feet at night", "numbness in my feet", "John Smith", "12", "I'm 75"])
def test_no_time_in_an_ordinary_answer(text):
    assert read_message(text, NOW).time_text == ""


def test_a_phone_number_that_cannot_be_real_is_still_seen():
    reading = read_message("123-456-7890", NOW)
    assert reading.phone is None and reading.phone_like


def test_an_email():
    assert read_message("my email is Mary@Example.COM", NOW).email == "Mary@example.com"


@pytest.mark.parametrize(
    "text, status",
    [
        ("i said i been befor, twice", "returning"),
        ("been befor", "returning"),
        ("not my frist visit", "returning"),
        ("im a retuning patient", "returning"),
        ("frist time", "new"),
        ("new pateint", "new"),
        ("never been ther befor", "new"),
    ],
)
def test_new_or_returning_typed_badly(text, status):
    assert read_patient_status(text) == status
