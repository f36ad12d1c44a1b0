"""The rule components (emergencies, reference codes) and the folding of FAQ topics into `faq`."""
from __future__ import annotations

import numpy as np
import pytest

from bot.language.en.crisis_phrases import is_unmistakable_emergency
from rasa.shared.nlu.training_data.message import Message

from nlu.emergency_net import EmergencySafetyNet
from nlu.reference_code_net import ReferenceCodeNet
from nlu.sentence_classifier import fold_into_intents, softmax


@pytest.mark.parametrize("text", [
    "I want to kill myself",
    "i dont see any reason to keep living",
    "thinking about suicide",
    "I have chest pain right now",
    "my wife's face is drooping and her speech is slurred",
    "my big toe is turning black",
    "I can't breathe",
])
def test_crises_are_always_emergencies(text):
    assert is_unmistakable_emergency(text)


@pytest.mark.parametrize("text", [
    "is the therapy safe?",
    "my feet burn at night",
    "I had a stroke five years ago, can I still do this?",
    "does it help with pain in my legs",
])
def test_ordinary_questions_are_not(text):
    assert not is_unmistakable_emergency(text)


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


@pytest.mark.parametrize("rule, text, intent", [
    (ReferenceCodeNet(), "HEYW9T", "inform"),  # the classifier took this code for a greeting
    (ReferenceCodeNet(), "47a-ttk", "inform"),
    (EmergencySafetyNet(), "I have chest pain right now", "emergency"),
])
def test_rule_components_override_the_classifier(rule, text, intent):
    [message] = rule.process([classified(text, "greet", 0.9)])
    assert message.get("intent") == {"name": intent, "confidence": 1.0}
    assert [r["name"] for r in message.get("intent_ranking")] == [intent, "greet"]


@pytest.mark.parametrize("rule, text", [(ReferenceCodeNet(), "agreed"), (EmergencySafetyNet(), "hello")])
def test_rule_components_leave_other_messages_alone(rule, text):
    [message] = rule.process([classified(text, "greet", 0.9)])
    assert message.get("intent") == {"name": "greet", "confidence": 0.9}
