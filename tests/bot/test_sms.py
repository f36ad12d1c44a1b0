"""Carrier keywords, numbered choices and plain text for text messages."""

from dataclasses import replace

import pytest

from bot.messaging.sms import (
    Keyword,
    carrier_keyword,
    chosen_payload,
    help_reply,
    introduce,
    plain_text,
    split_for_sms,
    stop_confirmation,
    with_numbered_choices,
)

BUTTONS = [
    {"title": "First visit", "payload": "I'm a new patient"},
    {"title": "I've been before", "payload": "I'm a returning patient"},
]


@pytest.mark.parametrize("message", ["STOP", "stop", "  Stop \n", "STOPALL", "unsubscribe", "CANCEL", "end", "Quit"])
def test_stop_words_are_keywords_as_the_whole_message(message):
    assert carrier_keyword(message) is Keyword.STOP


@pytest.mark.parametrize(
    "message",
    ["cancel my appointment", "I need to cancel", "please stop", "stop it now", "the end", "", "STOP!"],
)
def test_keywords_inside_a_sentence_are_not_keywords(message):
    assert carrier_keyword(message) is None


@pytest.mark.parametrize(
    "message, keyword",
    [("START", Keyword.START), ("unstop", Keyword.START), ("Yes", Keyword.START), ("help", Keyword.HELP)],
)
def test_start_and_help(message, keyword):
    assert carrier_keyword(message) is keyword


def test_buttons_become_numbered_short_lines():
    text = with_numbered_choices("Have you been to the clinic before?", BUTTONS)
    assert text == "Have you been to the clinic before?\n\nReply 1 for First visit\nReply 2 for I've been before"
    assert all(len(line) <= 40 for line in text.splitlines()[1:])


def test_a_number_picks_that_button():
    assert chosen_payload("2", BUTTONS) == "I'm a returning patient"
    assert chosen_payload(" 1. ", BUTTONS) == "I'm a new patient"


@pytest.mark.parametrize("reply", ["3", "0", "12", "1 or 2", "one", "617 555 0199"])
def test_other_replies_pick_nothing(reply):
    assert chosen_payload(reply, BUTTONS) is None


def test_no_buttons_no_choice():
    assert chosen_payload("1", []) is None


def test_markdown_is_removed():
    assert plain_text("**Yes**, see [our site](https://example.com) or `call` us") == (
        "Yes, see our site (https://example.com) or call us"
    )
    assert plain_text("## Hours\n* Monday\n* *Tuesday*") == "Hours\n- Monday\n- Tuesday"
    assert plain_text("mail front_desk@example.com, 2 * 3 = 6") == "mail front_desk@example.com, 2 * 3 = 6"


def test_long_replies_split_at_paragraphs_within_the_limit():
    text = "\n\n".join(["word " * 50] * 3)
    parts = split_for_sms(text, limit=600)
    assert len(parts) == 2 and all(len(part) <= 600 for part in parts)
    assert " ".join(parts).split() == text.split()
    assert split_for_sms("short") == ["short"]


def test_first_text_names_the_clinic_once_and_says_how_to_opt_out(settings):
    settings = replace(settings, clinic_name="Riverside Neuropathy Clinic")
    assert introduce("Infrared light may help.", settings) == (
        "Riverside Neuropathy Clinic: Infrared light may help. Reply STOP to opt out."
    )
    greeting = "Hello! I'm the automated assistant of Riverside Neuropathy Clinic."
    assert introduce(greeting, settings) == greeting + " Reply STOP to opt out."


def test_stop_and_help_replies(settings):
    settings = replace(settings, clinic_name="Riverside Neuropathy Clinic", clinic_phone="(555) 010-0199")
    assert "\n" not in stop_confirmation(settings) and "START" in stop_confirmation(settings)
    help_text = help_reply(settings)
    assert "Riverside Neuropathy Clinic" in help_text and "(555) 010-0199" in help_text
    assert "911" in help_text and "988" in help_text and "STOP" in help_text
    assert "talk to a person" in help_reply(replace(settings, clinic_phone=""))
