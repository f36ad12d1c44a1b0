"""The message guard in front of the assistant (bot/messaging/guard.py)."""

from __future__ import annotations

import json

import pytest

from bot.messaging.guard import crisis_payload, replies_after_failure, screen, trouble_reply
from bot.safety.crisis import Crisis

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


def test_lone_surrogates_are_removed_so_the_text_can_be_stored():
    cleaned = screen("my feet \ud800burn\udfff", 2000, PHONE).message
    assert cleaned == "my feet burn"
    cleaned.encode("utf-8")  # would raise with a lone surrogate left in


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


@pytest.mark.parametrize("length", [10, 2001, 20_000])
def test_a_crisis_reaches_the_assistant_as_its_category_whatever_the_length(length):
    result = screen("x" * length, 2000, PHONE, Crisis("suicide", "phrase"))
    assert result.reply is None and result.reason == "crisis"
    assert result.message.startswith("/emergency")
    assert json.loads(result.message.removeprefix("/emergency")) == {"crisis_category": "suicide"}


def test_the_reason_never_holds_the_patients_words():
    for text in ["", "secret " * 1000, "secret"]:
        assert "secret" not in screen(text, 2000, PHONE).reason
    assert "secret" not in screen("secret", 2000, PHONE, Crisis("medical", "phrase")).message


CRISIS_REPLIES = {
    "suicide": "Please call or text 988 now. If you are in danger right now, call 911.",
    "medical": "This may be an emergency. Please call 911 now.",
}


def test_a_failed_turn_gets_only_the_apology_with_the_phone_number():
    said = ["Thanks, Mary. What is your mobile number?"]
    assert replies_after_failure(said, None, CRISIS_REPLIES.values(), "(555) 010-0199") == [
        trouble_reply("(555) 010-0199")
    ]
    assert "(555) 010-0199" in trouble_reply("(555) 010-0199")


@pytest.mark.parametrize(
    "crisis_reply, said, first",
    [
        (CRISIS_REPLIES["suicide"], [], CRISIS_REPLIES["suicide"]),  # the turn failed before anything was said
        (
            None,
            [CRISIS_REPLIES["medical"], "I've paused what we were doing."],
            CRISIS_REPLIES["medical"],
        ),  # it had said it
        (CRISIS_REPLIES["suicide"], [CRISIS_REPLIES["suicide"]], CRISIS_REPLIES["suicide"]),  # said once, not twice
    ],
)
def test_the_crisis_reply_survives_a_failed_turn(crisis_reply, said, first):
    replies = replies_after_failure(said, crisis_reply, CRISIS_REPLIES.values(), "(555) 010-0199")
    assert replies == [first, trouble_reply("(555) 010-0199")]


def test_the_crisis_payload_holds_the_category_only():
    assert crisis_payload(Crisis("burn", "classifier")) == '/emergency{"crisis_category": "burn"}'
