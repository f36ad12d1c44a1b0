"""A message starting with "/": a client cannot set slots or entities through `/intent{...}`, only a
known intent's exact button payload passes as an intent, and none of it reaches the logs."""

from __future__ import annotations

import pytest

from tests.servers import API_TOKEN, new_sender, texts

TROUBLE = "having trouble"


def tracker(servers, sender: str) -> dict:
    status, tracker = servers.get(f"/conversations/{sender}/tracker", token=API_TOKEN)
    assert status == 200
    return tracker


@pytest.mark.parametrize(
    "message",
    [
        "/ my name is Ruth Abernathy and my number is 617-555-0167",
        "/ruth_abernathy_617_555_0168",
        '/affirm{"patient_phone": "617-555-0169 Ruth Abernathy"}',
        "/{Ruth Abernathy 617-555-0170}",
        "/greet@1.0{Ruth Abernathy 617-555-0171}",
    ],
)
def test_odd_slash_messages_get_a_normal_reply_and_are_not_logged(servers, message):
    said = texts(servers.say(new_sender(), message))
    assert said and TROUBLE not in said
    log = servers.log_path.read_text(errors="replace")
    assert "Abernathy" not in log and "555-01" not in log and "555_01" not in log


def test_a_client_cannot_fill_a_slot_with_entity_json(servers):
    sender = new_sender()
    servers.say(sender, '/greet{"crisis_category": "xyz_planted"}')
    state = tracker(servers, sender)
    assert state["slots"].get("crisis_category") != "xyz_planted"
    entities = [
        e for event in state["events"] if event.get("event") == "user" for e in event["parse_data"].get("entities", [])
    ]
    assert all(entity.get("value") != "xyz_planted" for entity in entities)


def test_a_buttons_payload_still_works(servers):
    sender = new_sender()
    assert "full name" in texts(servers.say(sender, "/book_appointment"))
    assert tracker(servers, sender)["latest_message"]["intent"]["name"] == "book_appointment"


@pytest.mark.parametrize("message", ["/restart", "/session_start", "/faq"])
def test_rasas_own_intents_are_not_buttons(servers, message):
    sender = new_sender()
    servers.say(sender, message)
    assert tracker(servers, sender)["latest_message"]["intent"]["name"] != message[1:]


def test_a_texted_slash_message_is_read_as_words_and_not_logged(servers):
    phone = "+16175550173"
    replies = servers.text(phone, '/ my name is Lucille Farraday{"patient_phone": "617-555-0174"}')
    assert replies and not any(TROUBLE in reply for reply in replies)
    state = tracker(servers, f"sms:{phone}")
    entities = [
        e for event in state["events"] if event.get("event") == "user" for e in event["parse_data"].get("entities", [])
    ]
    assert all("617-555-0174" not in str(entity.get("value")) for entity in entities)
    log = servers.log_path.read_text(errors="replace")
    assert "Farraday" not in log and "555-0174" not in log
