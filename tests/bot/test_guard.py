"""The message guard in front of the assistant (bot/guard.py)."""
from __future__ import annotations

import pytest

from bot.messaging.guard import EMERGENCY_PAYLOAD, replies_after_failure, screen, trouble_reply

PHONE = "(555) 010-0199"


def test_an_ordinary_message_goes_to_the_assistant_trimmed():
    result = screen("  does the treatment hurt?\n", 2000, PHONE)
    assert result.message == "does the treatment hurt?" and result.reply is None and result.reason == "ok"


@pytest.mark.parametrize("text", ["", "   ", "\n\t \r\n", "\x00\x07", " \x1b "])
def test_empty_messages_get_a_kind_reply_instead_of_the_assistant(text):
    result = screen(text, 2000, PHONE)
    assert result.message is None and result.reason == "empty"
    assert "What would you like to know?" in result.reply


def test_control_characters_are_removed_but_line_breaks_kept():
    assert screen("my feet\x00 burn\nat night", 2000, PHONE).message == "my feet burn\nat night"


def test_a_message_of_exactly_the_limit_is_taken():
    assert screen("a" * 2000, 2000, PHONE).message == "a" * 2000


def test_a_message_over_the_limit_is_refused_kindly_with_the_phone_number():
    result = screen("a" * 2001, 2000, PHONE)
    assert result.message is None and result.reason == "too long"
    assert "too long for me" in result.reply and "call us at (555) 010-0199" in result.reply


def test_without_a_phone_number_the_reply_still_makes_sense():
    assert screen("a" * 30, 10, "").reply.endswith("Or call the clinic.")


def test_padding_does_not_count_towards_the_limit():
    assert screen(" " * 5000 + "hello" + " " * 5000, 2000, PHONE).message == "hello"


@pytest.mark.parametrize("phrase", ["I have crushing chest pain", "I want to kill myself", "her face is drooping"])
def test_an_emergency_inside_a_long_message_still_reaches_the_emergency_reply(phrase):
    text = "blah " * 1000 + phrase + " and more words" * 200
    result = screen(text, 2000, PHONE)
    assert result.message == EMERGENCY_PAYLOAD and result.reply is None


def test_the_reason_never_holds_the_patients_words():
    for text in ["", "secret " * 1000, "chest pain " + "secret " * 1000, "secret"]:
        assert "secret" not in screen(text, 2000, PHONE).reason


EMERGENCY_REPLY = "If this is an emergency, call 911 now. If you are thinking about suicide, call or text 988."


def test_a_failed_turn_gets_only_the_apology_with_the_phone_number():
    said = ["Thanks, Mary. What is your mobile number?"]
    assert replies_after_failure("Mary Jones", said, EMERGENCY_REPLY, "(555) 010-0199") == [
        trouble_reply("(555) 010-0199")
    ]
    assert "(555) 010-0199" in trouble_reply("(555) 010-0199")


@pytest.mark.parametrize("text, said", [
    ("I have crushing chest pain", []),  # the turn failed before the assistant said anything
    ("i feel awful", [EMERGENCY_REPLY, "I've paused what we were doing."]),  # it had said it
    (EMERGENCY_PAYLOAD, []),  # an emergency found in an over-long message
])
def test_the_emergency_message_survives_a_failed_turn(text, said):
    replies = replies_after_failure(text, said, EMERGENCY_REPLY, "(555) 010-0199")
    assert replies == [EMERGENCY_REPLY, trouble_reply("(555) 010-0199")]
