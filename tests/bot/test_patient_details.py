"""bot.clinic.contact_details and bot.language.en.details: checking and tidying what patients type."""

import time

import pytest

from bot.clinic.contact_details import MAX_CHARS, normalize_email, normalize_phone
from bot.language.en.details import clean_name, is_full_name, looks_like_skip

HOSTILE = [
    None,
    "",
    " ",
    "\n\t ",
    "x" * 10_000,
    "1" * 10_000,
    "617-555-0199 " * 30,
    "😀",
    "😀😀😀",
    "<script>alert('hi')</script>",
    "<b>John</b>",
    "'; DROP TABLE patients; --",
    "Robert'); DROP TABLE students;--",
    "1 OR 1=1",
    "SELECT * FROM users",
    "%s%s%n",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "\x00\x01\x02",
    "¯\\_(ツ)_/¯",
    "../../etc/passwd",
]


# --- Phone ----------------------------------------------------------------------------------
# phonenumbers (9.0.x) accepts these US numbers as valid, the 555 ones included; the
# assistant's end-to-end tests can use +16175550199.


@pytest.mark.parametrize(
    "text, expected",
    [
        ("617-555-0199", "+16175550199"),
        ("(617) 555 0199", "+16175550199"),
        ("(617) 555-0199", "+16175550199"),
        ("+1 617 555 0199", "+16175550199"),
        ("1-617-555-0199", "+16175550199"),
        ("6175550199", "+16175550199"),
        ("617.555.0199", "+16175550199"),
        ("my cell is 617.555.0199", "+16175550199"),
        ("617 555 0199 thanks", "+16175550199"),
        ("It's 617 555 0199!", "+16175550199"),
        ("Tel: 617/555/0199", "+16175550199"),
        ("+1 (617) 555-0199 ext. 12", "+16175550199"),
        ("<b>617-555-0199</b>", "+16175550199"),
        ("call me on 617-555-0199 or 617-555-0199", "+16175550199"),  # the same number twice
        ("202-555-0143", "+12025550143"),
        ("212-555-0100", "+12125550100"),
        ("617-253-1000", "+16172531000"),
        ("+44 20 7946 0958", "+442079460958"),  # a country code overrides the region
    ],
)
def test_phone_numbers_are_read(text, expected):
    assert normalize_phone(text, "US") == expected


@pytest.mark.parametrize(
    "text",
    [
        "555-0199",  # too short: no area code
        "61755501",
        "617555019912345",  # too long
        "617-555-0199-1234",
        "123-456-7890",  # no such area code
        "555-555-5555",
        "617-055-0199",  # exchanges do not start with 0
        "call me maybe",
        "no phone",
        "1-800-FLOWERS",  # letters are not digits here
        "617-555-0199 or 202-555-0143",  # two numbers: ask again
        *HOSTILE,
    ],
)
def test_not_phone_numbers(text):
    assert normalize_phone(text, "US") is None


def test_phone_region_decides_numbers_without_country_code():
    assert normalize_phone("020 7946 0958", "GB") == "+442079460958"
    assert normalize_phone("020 7946 0958", "US") is None
    assert normalize_phone("617-555-0199", "") is None
    assert normalize_phone("617-555-0199", "NOT-A-REGION") is None


# --- Name -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("John Smith", "John Smith"),
        ("  John    Smith  ", "John Smith"),
        ("it's Mary O'Brien", "Mary O'Brien"),
        ("Its Mary O'Brien", "Mary O'Brien"),
        ("my name is josé garcía-lópez", "José García-López"),
        ("My name is John Smith.", "John Smith"),
        ("my full name is anne marie lee", "Anne Marie Lee"),
        ("Dr. Anne Lee", "Anne Lee"),
        ("Mrs Jane Doe", "Jane Doe"),
        ("i am john smith", "John Smith"),
        ("I'm John Smith", "John Smith"),
        ("this is Bob Jones", "Bob Jones"),
        ("name: Jane Doe", "Jane Doe"),
        ("Name:Jane Doe", "Jane Doe"),
        ("Hi, I'm John Smith", "John Smith"),
        ("hello John Smith thanks", "John Smith"),
        ("John Smith, thank you!", "John Smith"),
        ("JOHN SMITH", "John Smith"),
        ("mary o'brien", "Mary O'Brien"),
        ("mary o\u2019brien", "Mary O'Brien"),
        ("john mcdonald", "John McDonald"),
        ("John McDonald", "John McDonald"),  # mixed case is kept as typed
        ("Ronald MacDonald", "Ronald MacDonald"),
        ("Jan van der Berg", "Jan van der Berg"),
        ("jan van der berg", "Jan van der Berg"),
        ("mary-kate olsen", "Mary-Kate Olsen"),
        ("Anne M. Lee", "Anne M. Lee"),
        ("Zoë Ångström", "Zoë Ångström"),
        ("Itsuki Tanaka", "Itsuki Tanaka"),  # not "it's" + "uki"
        ("Will Smith", "Will Smith"),
        ("Can Yilmaz", "Can Yilmaz"),
        ("Al", "Al"),
        ("Maria", "Maria"),  # one word is accepted: see is_full_name
    ],
)
def test_names_are_cleaned(text, expected):
    assert clean_name(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "M",
        "J.",
        "it's",
        "my name is",
        "John2",
        "R2D2",
        "john@example.com",
        "www.example.com",
        "http://example.com",
        "John Smith 617-555-0199",
        "I want to book an appointment",
        "I need an appointment",
        "my feet hurt",
        "pain in my feet",
        "what are your hours?",
        "John?",
        "how much is it",
        "why",
        "please call me",
        "don't know",
        "not sure",
        "when can I come",
        "one two three four five six",  # more than five words
        "yes",
        "no",
        "ok",
        "hello",
        "John 😀",
        "John & Jane",
        "John_Smith",
        "John/Smith",
        *HOSTILE,
    ],
)
def test_not_names(text):
    assert clean_name(text) is None


@pytest.mark.parametrize(
    "name, full",
    [
        ("John Smith", True),
        ("Anne M. Lee", True),
        ("Jan van der Berg", True),
        ("Maria", False),
        ("J. Smith", False),
        ("John S.", False),
        ("", False),
        (None, False),
    ],
)
def test_is_full_name(name, full):
    assert is_full_name(name) is full


# --- Email ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("john@example.com", "john@example.com"),
        ("John.Smith@Example.COM", "John.Smith@example.com"),  # only the domain is lowered
        ("  jane+clinic@mail.example.org  ", "jane+clinic@mail.example.org"),
        ("my email is a.b@Gmail.com.", "a.b@gmail.com"),
        ("<x@y.org>", "x@y.org"),
    ],
)
def test_emails(text, expected):
    assert normalize_email(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "john",
        "john@",
        "@example.com",
        "john@example",
        "john@@example.com",
        "john@exa mple.com",
        "a@b.com c@d.com",
        "john@-example.com",
        "john@example..com",
        "john@example.c",
        "john<script>@example.com",
        *HOSTILE,
    ],
)
def test_not_emails(text):
    assert normalize_email(text) is None


# --- Skip -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "skip",
        "Skip.",
        "no",
        "No!",
        "none",
        "n/a",
        "N/A",
        "na",
        "nope",
        "nothing",
        "pass",
        "-",
        "rather not say",
        "I'd rather not",
        "i would rather not say",
        "prefer not to",
        "I prefer not to say",
        "I'd prefer not to answer",
        "no thanks",
        "not applicable",
        "just skip",
        "skip thanks",
    ],
)
def test_skips(text):
    assert looks_like_skip(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "John Smith",
        "617-555-0199",
        "diabetes",
        "no pain in the morning",
        "skipping rope",
        "I don't know",
        "nobody",
        *HOSTILE,
    ],
)
def test_not_skips(text):
    assert looks_like_skip(text) is False


# --- Hostile input is cheap -----------------------------------------------------------------


def test_long_input_is_turned_down_quickly():
    huge = "a" * 1_000_000
    started = time.perf_counter()
    for _ in range(100):
        assert clean_name(huge) is None
        assert normalize_phone(huge, "US") is None
        assert normalize_email(huge) is None
        assert looks_like_skip(huge) is False
    assert time.perf_counter() - started < 1.0
    assert clean_name("John Smith".ljust(MAX_CHARS + 1)) is None
