"""The Rasa-version glue (rasa_internals/) against Rasa itself: a real MessageProcessor, from the
trained model, running custom actions against stand-in action servers.

- A failed action (server down, a 500, a response that breaks Rasa's schema) marks the turn
  failed, so the channel gives the patient the phone number instead of a half-built reply.
- A form's rejection (HTTP 400 with the action's name) and a good response do not.
- The cached response validator accepts and refuses exactly what Rasa's own check does.
"""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from jsonschema import ValidationError, validate  # noqa: E402
from rasa.core.actions.action import RemoteAction  # noqa: E402
from rasa.core.agent import Agent  # noqa: E402
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage  # noqa: E402
from rasa.utils.endpoints import EndpointConfig  # noqa: E402

from rasa_internals import action_failures, response_validation  # noqa: E402
from tests.servers import ROOT, QuietJsonHandler, free_port, serve_on_loopback

GOOD = (200, {"events": [], "responses": []})
ANSWERS = {
    "good": GOOD,
    "error": (500, {"error": "boom"}),
    "broken": (200, {"events": "not a list"}),
    "rejects": (400, {"action_name": "action_session_start", "error": "not for me"}),
}


def stand_in_action_server(kind: str) -> str:
    status, body = ANSWERS[kind]

    class Handler(QuietJsonHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_json(status, json.dumps(body).encode())

    server = serve_on_loopback(Handler)
    return f"http://127.0.0.1:{server.server_port}/webhook"


@pytest.fixture(scope="module")
def model():
    path = ROOT / "models" / "clinic.tar.gz"
    if not path.exists():
        pytest.fail("no trained model: run `make train` first (make test does)")
    action_failures.install()
    response_validation.install()
    return path


def turn_failed(model, action_url: str) -> bool:
    """A new conversation's first message: Rasa runs action_session_start, a custom action."""

    async def run() -> bool:
        agent = Agent.load(str(model), action_endpoint=EndpointConfig(url=action_url))
        with action_failures.watching_turn() as turn:
            await agent.handle_message(UserMessage("hello", CollectingOutputChannel(), f"test-{uuid.uuid4().hex}"))
        return turn.failed

    return asyncio.run(run())


@pytest.mark.parametrize(
    "kind, failed",
    [
        ("down", True),
        ("error", True),
        ("broken", True),
        ("good", False),
        ("rejects", False),
    ],
)
def test_a_failed_custom_action_marks_the_turn_and_nothing_else_does(model, kind, failed):
    url = f"http://127.0.0.1:{free_port()}/webhook" if kind == "down" else stand_in_action_server(kind)
    assert turn_failed(model, url) is failed


def test_a_failure_outside_a_watched_turn_is_not_noted_and_does_not_leak_into_one(model):
    async def run() -> bool:
        agent = Agent.load(str(model), action_endpoint=EndpointConfig(url=f"http://127.0.0.1:{free_port()}/webhook"))
        await agent.handle_message(UserMessage("hello", CollectingOutputChannel(), f"test-{uuid.uuid4().hex}"))
        with action_failures.watching_turn() as turn:
            await asyncio.sleep(0)
        return turn.failed

    assert asyncio.run(run()) is False


@pytest.mark.parametrize(
    "result",
    [
        {"events": [], "responses": []},
        {"events": [{"event": "slot", "name": "patient_name", "value": "Mary Jones"}], "responses": [{"text": "hi"}]},
        {"events": "not a list"},
        {"events": [{"event": "no such event"}]},
        {"responses": ["not an object"]},
        [],
    ],
)
def test_the_cached_validator_agrees_with_rasas_own_check(model, result):
    try:
        validate(result, RemoteAction.action_response_format_spec())
        expected = True
    except ValidationError:
        expected = False
    try:
        got = response_validation.validate_action_result(None, result)
    except ValidationError as error:
        got = False
        assert "Failed to validate Action server response" in error.message
    assert got is expected
