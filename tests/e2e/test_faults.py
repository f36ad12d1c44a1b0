"""Faults: the action server down or slow, and the rate limits.

Servers of their own (the shared ones stay untouched), with Rasa calling the actions through
a proxy the tests switch between passing requests on, dropping them (as a dead server) and
holding them past the reply deadline. Sanic trusts one proxy here (SANIC_PROXIES_COUNT), so
each test can speak from its own address through X-Forwarded-For.
"""

from __future__ import annotations

import json
import time
import urllib.request

import pytest
from twilio.request_validator import RequestValidator

from tests.servers import (
    CLINIC,
    TWILIO,
    QuietJsonHandler,
    free_port,
    new_sender,
    running_servers,
    serve_on_loopback,
    texts,
    twilio_form,
)

PHONE = CLINIC["CLINIC_PHONE"]
REPLY_TIMEOUT = 4
PER_SENDER = 6
PER_ADDRESS = 20


class ActionProxy:
    """Stands between Rasa and the action server: `mode` is "pass", "down" or "slow"."""

    def __init__(self, target: str) -> None:
        self.mode = "pass"
        proxy = self

        class Handler(QuietJsonHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if proxy.mode == "down":
                    self.close_connection = True  # hang up without a word, like a crashed server
                    return
                if proxy.mode == "slow":
                    time.sleep(REPLY_TIMEOUT * 2)
                headers = {"Content-Type": "application/json", "Authorization": self.headers.get("Authorization", "")}
                forwarded = urllib.request.Request(target, data=body, headers=headers)
                try:
                    with urllib.request.urlopen(forwarded, timeout=60) as response:
                        status, data = response.status, response.read()
                except urllib.error.HTTPError as error:
                    status, data = error.code, error.read()
                try:
                    self.send_json(status, data)
                except OSError:
                    pass  # Rasa gave up waiting

        self.server = serve_on_loopback(Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/webhook"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def faulty(tmp_path_factory, fake_twilio):
    action_port = free_port()
    proxy = ActionProxy(f"http://127.0.0.1:{action_port}/webhook")
    extra_env = {
        "REPLY_TIMEOUT_SECONDS": str(REPLY_TIMEOUT),
        "RATE_LIMIT_PER_SENDER": str(PER_SENDER),
        "RATE_LIMIT_PER_ADDRESS": str(PER_ADDRESS),
        "SANIC_PROXIES_COUNT": "1",
    }
    with running_servers(
        tmp_path_factory.mktemp("faulty"),
        fake_twilio,
        extra_env,
        extra_args=("--action-server-url", proxy.url),
        action_port=action_port,
    ) as servers:
        servers.proxy = proxy
        yield servers
    proxy.close()


def say_from(servers, address: str, sender: str, text: str) -> tuple[int, object]:
    body = json.dumps({"sender": sender, "message": text}).encode()
    return servers.post_rest(body, {"X-Forwarded-For": address})


def test_action_server_down_gets_the_phone_number_then_the_conversation_goes_on(faulty):
    sender = new_sender()
    assert "automated assistant" in texts(faulty.say(sender, "hello"))
    faulty.proxy.mode = "down"
    try:
        reply = texts(faulty.say(sender, "I want to book an appointment"))
    finally:
        faulty.proxy.mode = "pass"
    assert "having trouble" in reply and PHONE in reply
    assert "full name" in texts(faulty.say(sender, "I want to book an appointment"))
    assert "mobile number" in texts(faulty.say(sender, "Mary Jones"))


def test_a_new_conversation_while_the_action_server_is_down(faulty):
    faulty.proxy.mode = "down"
    try:
        reply = texts(faulty.say(new_sender(), "I'd like to book an appointment"))
    finally:
        faulty.proxy.mode = "pass"
    assert "having trouble" in reply and PHONE in reply


@pytest.mark.parametrize("mode", ["down", "slow"])
def test_an_emergency_gets_911_and_988_even_while_the_action_server_fails(faulty, mode):
    faulty.proxy.mode = mode
    try:
        reply = texts(faulty.say(new_sender(), "I have crushing chest pain right now"))
    finally:
        faulty.proxy.mode = "pass"
    assert "911" in reply and "988" in reply and PHONE in reply


def test_a_slow_action_server_gets_the_phone_number_within_the_deadline(faulty):
    sender = new_sender()
    assert "automated assistant" in texts(faulty.say(sender, "hello"))
    faulty.proxy.mode = "slow"
    try:
        started = time.monotonic()
        reply = texts(faulty.say(sender, "I want to book an appointment"))
        waited = time.monotonic() - started
    finally:
        faulty.proxy.mode = "pass"
    assert "having trouble" in reply and PHONE in reply
    assert waited < REPLY_TIMEOUT * 2
    time.sleep(REPLY_TIMEOUT * 2)  # the held request finishes; the turn it belonged to was dropped
    assert "full name" in texts(faulty.say(sender, "I want to book an appointment"))


def test_an_emergency_text_while_the_action_server_is_down_gets_911_and_988(faulty):
    faulty.proxy.mode = "down"
    try:
        sent = "\n".join(faulty.text("+16175550193", "I have crushing chest pain right now"))
    finally:
        faulty.proxy.mode = "pass"
    assert "911" in sent and "988" in sent and PHONE in sent


def test_a_text_while_the_action_server_is_down_gets_the_phone_number(faulty):
    phone = "+16175550190"
    faulty.proxy.mode = "down"
    try:
        sent = faulty.text(phone, "I'd like to book an appointment")
    finally:
        faulty.proxy.mode = "pass"
    assert any("having trouble" in text and PHONE in text for text in sent)
    assert any("full name" in text for text in faulty.text(phone, "I'd like to book an appointment"))


def test_one_conversation_is_limited_per_minute(faulty):
    sender = new_sender()
    statuses = [say_from(faulty, "203.0.113.1", sender, "")[0] for _ in range(PER_SENDER + 1)]
    assert statuses == [200] * PER_SENDER + [429]
    status, body = say_from(faulty, "203.0.113.1", sender, "hello")
    assert status == 429 and "too many messages" in body["error"]
    assert say_from(faulty, "203.0.113.1", new_sender(), "")[0] == 200  # others are not held up


def test_one_address_is_limited_per_minute(faulty):
    statuses = [say_from(faulty, "198.51.100.7", new_sender(), "")[0] for _ in range(PER_ADDRESS + 1)]
    assert statuses == [200] * PER_ADDRESS + [429]
    assert say_from(faulty, "198.51.100.8", new_sender(), "")[0] == 200


def test_one_number_is_limited_per_minute_and_gets_no_text_when_over(faulty):
    phone = "+16175550191"
    validator = RequestValidator(TWILIO["TWILIO_AUTH_TOKEN"])
    statuses = []
    for _ in range(PER_SENDER + 1):
        form = twilio_form(phone, "")
        statuses.append(faulty.post_sms(form, validator.compute_signature(TWILIO["TWILIO_WEBHOOK_URL"], form)))
    assert statuses == [200] * PER_SENDER + [429]
    assert len(faulty.twilio.texts_to(phone)) == PER_SENDER


def test_refusals_are_logged_without_sender_address_or_text(faulty):
    wanted = ("conversation", "address", "number")
    for _ in range(50):  # the servers write their logs through the supervisor: give it a moment
        log = faulty.log_path.read_text()
        if all(f"too many messages from one {what}" in log for what in wanted):
            break
        time.sleep(0.2)
    assert "too many messages from one conversation" in log
    assert "too many messages from one address" in log
    assert "too many messages from one number" in log
    for secret in ("203.0.113.1", "198.51.100.7", "+16175550191", "6175550191", "Mary Jones"):
        assert secret not in log, f"in the logs: {secret!r}"
