"""The emergency safety net and the folding of FAQ topics into the `faq` intent."""
from __future__ import annotations

import numpy as np
import pytest

from bot.emergency import is_unmistakable_emergency
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
