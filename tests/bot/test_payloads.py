"""A "/" message from a client: only a known intent's exact button payload passes as one."""

from __future__ import annotations

import pytest

from bot.messaging.payloads import from_client

INTENTS = {"affirm", "deny", "book_appointment"}


@pytest.mark.parametrize("text", ["/affirm", "/book_appointment", "  /deny  "])
def test_a_known_intents_button_payload_passes(text):
    assert from_client(text, INTENTS) == text.strip()


@pytest.mark.parametrize(
    "text, read_as",
    [
        (
            "/ my name is Mary Jones and my number is 617-555-0199",
            "my name is Mary Jones and my number is 617-555-0199",
        ),
        ('/affirm{"patient_name": "Mary Jones"}', 'affirm{"patient_name": "Mary Jones"}'),
        ('/emergency{"crisis_category": "suicide"}', 'emergency{"crisis_category": "suicide"}'),
        ("/affirm@0.99", "affirm@0.99"),
        ("/restart", "restart"),
        ("//affirm", "affirm"),
        (" / / hello", "hello"),
        ("/", ""),
        ("/AFFIRM", "AFFIRM"),
    ],
)
def test_anything_else_loses_its_leading_slashes(text, read_as):
    assert from_client(text, INTENTS) == read_as


@pytest.mark.parametrize("text", ["hello", "is it safe?", "either/or", "1/2 dose", "call me at 9/10"])
def test_other_messages_are_untouched(text):
    assert from_client(text, INTENTS) == text
