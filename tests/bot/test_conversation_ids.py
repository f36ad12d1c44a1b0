"""Conversation ids (bot/messaging/conversation_ids.py): only the server makes website ids."""

from __future__ import annotations

import pytest

from bot.messaging.conversation_ids import (
    is_web_conversation_id,
    new_web_conversation_id,
    phone_of_sms_conversation,
    sms_conversation_id,
)

SECRET = "a-clinic-secret"


def test_the_server_recognises_the_ids_it_issued_and_each_is_new():
    issued = {new_web_conversation_id(SECRET) for _ in range(1000)}
    assert len(issued) == 1000
    assert all(is_web_conversation_id(i, SECRET) and i.startswith("web:") for i in issued)


def test_an_id_carries_128_random_bits():
    random_part = new_web_conversation_id(SECRET).removeprefix("web:").split(".")[0]
    assert len(random_part) == 22  # base64 of 16 bytes, unpadded


@pytest.mark.parametrize(
    "made_up",
    [
        "e2e-1234",
        "web:",
        "web:AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA",
        "sms:+16175550100",
        "",
        None,
        42,
    ],
)
def test_made_up_ids_are_not_taken(made_up):
    assert not is_web_conversation_id(made_up, SECRET)


def test_an_id_from_another_secret_or_with_a_changed_character_is_not_taken():
    issued = new_web_conversation_id(SECRET)
    assert not is_web_conversation_id(issued, "another-secret")
    changed = issued[:6] + ("A" if issued[6] != "A" else "B") + issued[7:]
    assert not is_web_conversation_id(changed, SECRET)
    assert not is_web_conversation_id(issued, "")


def test_no_id_is_issued_without_a_secret():
    with pytest.raises(ValueError):
        new_web_conversation_id("")


def test_sms_conversations_are_filed_under_the_number_and_only_they_give_one_back():
    assert sms_conversation_id("+16175550100") == "sms:+16175550100"
    assert phone_of_sms_conversation("sms:+16175550100") == "+16175550100"
    assert phone_of_sms_conversation(new_web_conversation_id(SECRET)) is None
