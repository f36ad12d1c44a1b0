"""Rasa's own warnings about a "/" message that is not an intent keep the message out of the logs.

Each case runs Rasa's real parser (YAMLStoryReader.unpack_regex_message, as its
RegexMessageHandler does for every message) in a fresh process with Rasa's server logging, once
without the filter, which shows the text does reach the output (so this test would notice Rasa
no longer saying it, or saying it elsewhere), and once with rasa_internals/log_privacy.py.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.settings import PROJECT_ROOT

PARSE = """
import logging, sys
from rasa.utils.log_utils import configure_structlog
configure_structlog(logging.INFO)
if sys.argv[1] == "filtered":
    from rasa_internals import log_privacy
    log_privacy.install()
from rasa.shared.core.domain import Domain
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.training_data.message import Message
domain = Domain.from_dict({"intents": ["affirm"], "entities": ["condition"]})
message = YAMLStoryReader.unpack_regex_message(Message({"text": sys.argv[2]}), domain)
print("intent:", (message.get("intent") or {}).get("name"))
"""

MESSAGES = [
    "/ my name is Mary Jones and my number is 617-555-0199",  # not an intent at all
    "/mary_jones_617_555_0199",  # an unknown intent
    '/affirm{"phone": "617-555-0199 Mary Jones"}',  # an unknown entity
    "/affirm{Mary Jones 617-555-0199}",  # entities that are not JSON
    "/{Mary Jones 617-555-0199}",  # no intent: structlog's message.parsing.failed
]
NOT_PARSED = MESSAGES[-1]


def parse(mode: str, text: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PARSE, mode, text],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"},
    )
    return result.stdout + result.stderr


@pytest.mark.parametrize("text", MESSAGES)
def test_rasa_quotes_the_message_without_the_filter(text):
    assert "0199" in parse("unfiltered", text)


@pytest.mark.parametrize("text", MESSAGES)
def test_the_filter_keeps_it_out(text):
    output = parse("filtered", text)
    assert "0199" not in output and "Mary" not in output and "mary" not in output


def test_the_filter_still_says_a_message_could_not_be_read():
    assert "message.parsing.failed" in parse("unfiltered", NOT_PARSED)
    assert "message.parsing.failed" in parse("filtered", NOT_PARSED)
