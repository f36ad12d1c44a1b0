"""The rule components (crises, reference codes) and the folding of FAQ topics into `faq`.

The crisis detector itself is tested in tests/bot/test_crisis_detector.py."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.shared.nlu.training_data.message import Message

from nlu.crisis_net import CrisisNet
from nlu.reference_code_net import ReferenceCodeNet
from nlu.sentence_classifier import fold_into_intents, softmax


def test_faq_topics_fold_into_one_intent():
    labels = ["faq/safety", "faq/cost_insurance", "greet", "out_of_scope"]
    ranked = fold_into_intents(labels, np.array([0.3, 0.25, 0.4, 0.05]))
    assert ranked[0] == ("faq", pytest.approx(0.55))
    assert [name for name, _ in ranked] == ["faq", "greet", "out_of_scope"]


def test_softmax_sums_to_one():
    assert softmax(np.array([1.0, 2.0, 3.0])).sum() == pytest.approx(1.0)


def classified(text: str, intent: str, confidence: float) -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence})
    message.set("intent_ranking", [{"name": intent, "confidence": confidence}])
    return message


@pytest.mark.parametrize(
    "rule, text, intent",
    [
        (ReferenceCodeNet(), "HEYW9T", "inform"),  # the classifier took this code for a greeting
        (ReferenceCodeNet(), "47a-ttk", "inform"),
        (CrisisNet(), "I have chest pain right now", "emergency"),
    ],
)
def test_rule_components_override_the_classifier(rule, text, intent):
    [message] = rule.process([classified(text, "greet", 0.9)])
    assert message.get("intent") == {"name": intent, "confidence": 1.0}
    assert [r["name"] for r in message.get("intent_ranking")] == [intent, "greet"]


@pytest.mark.parametrize("rule, text", [(ReferenceCodeNet(), "agreed"), (CrisisNet(), "hello")])
def test_rule_components_leave_other_messages_alone(rule, text):
    [message] = rule.process([classified(text, "greet", 0.9)])
    assert message.get("intent") == {"name": "greet", "confidence": 0.9}


def crisis_entities(message: Message) -> list[str]:
    return [e["value"] for e in message.get("entities") or [] if e["entity"] == "crisis_category"]


def test_a_crisis_carries_its_category_for_the_reply():
    [message] = CrisisNet().process([classified("going to hang myself", "goodbye", 0.8)])
    assert message.get("intent")["name"] == "emergency"
    assert crisis_entities(message) == ["suicide"]


def test_an_emergency_the_classifier_chose_alone_is_of_no_known_kind():
    [message] = CrisisNet().process([classified("xyzzy", "emergency", 0.7)])
    assert crisis_entities(message) == ["general"]
    [message] = CrisisNet().process([classified("what are your hours", "faq", 0.9)])
    assert crisis_entities(message) == []
