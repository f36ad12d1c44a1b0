"""Odd, broken and hostile input to the website's chat webhook: every request gets a kind
reply or a clear 4xx (never a 500), nothing of it reaches the logs, and the server keeps
serving."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import CLINIC, new_sender, texts

PHONE = CLINIC["CLINIC_PHONE"]

# Each gets at least one reply, every reply has text, and no markup comes back as markup.
AWKWARD_INPUT = [
    "😀😀😀",
    "مرحبا كيف حالك",  # right-to-left
    "שלום, האם הטיפול כואב?",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)"><b>bold</b>',
    "'; DROP TABLE appointments; --",
    "1 OR 1=1; SELECT * FROM sms_opt_outs",
    "hello\x00 there\x07",
    "\u202eevil override\u202c",
    "{{clinic_name}} {clinic_phone_text} %s %(x)s",
]


@pytest.mark.parametrize("text", AWKWARD_INPUT)
def test_awkward_input_gets_a_kind_reply(servers, text):
    replies = servers.say(new_sender(), text)
    assert replies and all(reply.get("text") for reply in replies), text
    assert "<script>" not in texts(replies) and "<img" not in texts(replies)


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_an_empty_message_gets_a_nudge(servers, text):
    assert "What would you like to know?" in texts(servers.say(new_sender(), text))


def test_a_very_long_message_is_refused_kindly_with_the_phone_number(servers):
    reply = texts(servers.say(new_sender(), "my feet hurt " * 1000))
    assert "too long for me" in reply and PHONE in reply


def test_an_emergency_in_a_very_long_message_still_gets_911_and_988(servers):
    text = "I have had neuropathy for years and " + "it is getting worse every week, " * 300
    reply = texts(servers.say(new_sender(), text + "and now I have crushing chest pain."))
    assert "911" in reply and "988" in reply


def test_an_emergency_in_a_long_message_ends_a_booking_too(servers):
    sender = new_sender()
    assert "full name" in texts(servers.say(sender, "I'd like to book an appointment"))
    reply = texts(servers.say(sender, "well " * 600 + "I want to kill myself"))
    assert "988" in reply


@pytest.mark.parametrize("sender", ["患者-😀-مريض", "x" * 128, "a b\tc", "../../etc/passwd", "0", "sms:+16175550100"])
def test_made_up_sender_ids_are_refused_with_a_clear_reason(servers, sender):
    status, body = servers.post_rest(json.dumps({"sender": sender, "message": "hello"}).encode())
    assert status == 401 and "POST /webhooks/rest/conversations" in body["error"]


def test_the_server_issues_conversation_ids_that_it_then_takes(servers):
    status, body = servers.post_conversation()
    assert status == 201 and body["sender"].startswith("web:")
    assert "automated assistant" in texts(servers.say(body["sender"], "hello"))
    assert servers.post_conversation()[1]["sender"] != body["sender"]


BAD_BODIES = {
    "not JSON": b"this is not json",
    "truncated JSON": b'{"sender": "a", "message": "hi"',
    "not UTF-8": b'{"sender": "a", "message": "\xff\xfe"}',
    "a JSON number": b"42",
    "a JSON string": b'"hello"',
    "a JSON array": b'[{"sender": "a", "message": "hi"}]',
    "null": b"null",
    "empty body": b"",
    "no sender": json.dumps({"message": "hello"}).encode(),
    "no message": json.dumps({"sender": "a"}).encode(),
    "message is a number": json.dumps({"sender": "a", "message": 42}).encode(),
    "message is null": json.dumps({"sender": "a", "message": None}).encode(),
    "message is an object": json.dumps({"sender": "a", "message": {"text": "hi"}}).encode(),
    "sender is a number": json.dumps({"sender": 42, "message": "hello"}).encode(),
    "sender is empty": json.dumps({"sender": " ", "message": "hello"}).encode(),
    "sender is very long": json.dumps({"sender": "x" * 10_000, "message": "hello"}).encode(),
}


@pytest.mark.parametrize("name", BAD_BODIES)
def test_a_malformed_request_gets_a_clear_400(servers, name):
    status, body = servers.post_rest(BAD_BODIES[name])
    assert status == 400, (name, status, body)
    assert isinstance(body, dict) and body["error"], name


def test_a_huge_request_gets_413(servers):
    status, _ = servers.post_rest(json.dumps({"sender": new_sender(), "message": "x" * 200_000}).encode())
    assert status == 413


def test_after_all_that_the_server_still_answers_and_logged_none_of_it(servers):
    assert "needles" in texts(servers.say(new_sender(), "does the treatment hurt?")).lower()
    log = servers.log_path.read_text()
    for secret in (
        "DROP TABLE",
        "SELECT * FROM",
        "alert(1)",
        "my feet hurt",
        "crushing chest pain",
        "kill myself",
        "患者",
        "etc/passwd",
        "evil override",
        "x" * 128,
    ):
        assert secret not in log, f"request content in the server logs: {secret!r}"
    assert "Traceback" not in log
