"""Bad input on the website's webhook: a clear 4xx, never a 500, and the normal reply for odd text."""

from __future__ import annotations

import json

import pytest

from tests.servers import new_sender, texts

TROUBLE = "having trouble"


def test_json_nested_5000_levels_gets_400(servers):
    deep = ("[" * 5000 + "]" * 5000).encode()
    assert len(deep) == 10_000
    for body in (deep, b'{"sender": "x", "message": ' + deep + b"}", ('{"a":' * 5000 + "1" + "}" * 5000).encode()):
        status, reply = servers.post_rest(body)
        assert status == 400, (status, str(reply)[:200])


@pytest.mark.parametrize("number", ["1" * 5000, "-" + "9" * 4301, "1" * 4301 + ".5e1"])
def test_huge_numbers_get_400_or_a_reply_never_500(servers, number):
    sender = new_sender()
    for body in (
        number,
        f'{{"sender": "{sender}", "message": {number}}}',
        f'{{"sender": "{sender}", "message": "hi", "n": {number}}}',
    ):
        status, _ = servers.post_rest(body.encode())
        assert status in (200, 400), status
    status, _ = servers.post_rest(f'{{"sender": "{sender}", "message": {"1" * 5000}}}'.encode())
    assert status == 400


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "text/plain; charset=utf-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "",
        "application/json; charset=latin-1",
    ],
)
def test_anything_but_json_gets_415(servers, content_type):
    body = json.dumps({"sender": new_sender(), "message": "book an appointment for me"}).encode()
    status, reply = servers.post_rest(body, headers={"Content-Type": content_type})
    assert status == 415, (content_type, status, reply)


def test_json_with_a_charset_is_taken(servers):
    body = json.dumps({"sender": new_sender(), "message": "hello"}).encode()
    status, reply = servers.post_rest(body, headers={"Content-Type": "application/json; charset=UTF-8"})
    assert status == 200 and texts(reply)


@pytest.mark.parametrize(
    "message, expected",
    [
        ("hello \ud800", "automated"),  # the greeting, which says it is automated
        ("\udfff is it safe? \ud83d", "therapy"),
        ("what are your hours\udc00", "monday"),
    ],
)
def test_lone_surrogates_get_the_normal_reply(servers, message, expected):
    body = json.dumps({"sender": new_sender(), "message": message})  # \ud800 escapes: valid JSON, invalid text
    assert "\\ud800" in body or "\\udfff" in body or "\\udc00" in body
    status, reply = servers.post_rest(body.encode())
    assert status == 200
    said = texts(reply)
    assert TROUBLE not in said and expected in said.lower(), said


def test_a_message_of_lone_surrogates_only_gets_the_nudge(servers):
    status, reply = servers.post_rest(json.dumps({"sender": new_sender(), "message": "\udfff\ud800 \ud800"}).encode())
    assert status == 200 and "didn't get any words" in texts(reply)


def test_the_server_still_answers_after_all_that(servers):
    assert texts(servers.say(new_sender(), "hello"))
