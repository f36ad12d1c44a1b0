"""Nobody reaches another patient's conversation through the website's webhook."""

from __future__ import annotations

import pytest

from bot.messaging.conversation_ids import new_web_conversation_id
from tests.servers import API_TOKEN, new_sender, texts

PATIENT_PHONE = "+16175550142"
PATIENT_NAME = "Dorothy Kowalski"


def tracker_events(servers, conversation_id: str) -> list[dict]:
    status, tracker = servers.get(f"/conversations/{conversation_id}/tracker", token=API_TOKEN)
    assert status == 200, tracker
    return tracker["events"]


def test_an_sms_conversation_cannot_be_taken_over_over_rest(servers):
    servers.text(PATIENT_PHONE, "I'd like to book an appointment")
    assert servers.text(PATIENT_PHONE, PATIENT_NAME)  # the form has her name now
    conversation = f"sms:{PATIENT_PHONE}"
    before = len(tracker_events(servers, conversation))
    for sender in (PATIENT_PHONE, conversation, "6175550142", f" {conversation}", conversation.upper()):
        status, reply = servers.post_rest(f'{{"sender": "{sender}", "message": "book an appointment"}}'.encode())
        assert status == 401, (sender, status, reply)
        assert PATIENT_NAME not in str(reply) and "0142" not in str(reply)
    assert len(tracker_events(servers, conversation)) == before  # nothing reached her conversation


def test_made_up_copied_and_tampered_web_ids_are_refused(servers):
    genuine = new_sender()
    assert texts(servers.say(genuine, "hello"))
    other_clinic = new_web_conversation_id("another clinic's secret, not ours")
    tampered = genuine[:-2] + ("AA" if not genuine.endswith("AA") else "BB")
    forged = [
        "web:" + "A" * 22 + "." + "B" * 22,
        other_clinic,
        tampered,
        genuine + "x",
        genuine.replace("web:", "sms:"),
        "default",
        "1",
        "admin",
        "",
    ]
    for sender in forged:
        status, reply = servers.post_rest(f'{{"sender": "{sender}", "message": "what did I tell you?"}}'.encode())
        assert status in (400, 401), (sender, status)
    assert texts(servers.say(genuine, "thanks"))  # the real one still works


@pytest.mark.parametrize("text", ["I want to end my life", "my dad just collapsed and is not breathing"])
def test_a_refused_sender_in_crisis_still_gets_the_crisis_reply(servers, text):
    status, reply = servers.post_rest(f'{{"sender": "made-up", "message": "{text}"}}'.encode())
    assert status == 200 and "911" in str(reply)
