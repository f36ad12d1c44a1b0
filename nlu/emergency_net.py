"""Rasa component: a safety net that routes unmistakable emergencies to `emergency`.

The classifier learns emergencies from examples, but a patient in crisis must never land
in a low-confidence fallback or an FAQ answer. This component runs last and, when a
message plainly says so (thoughts of suicide, chest pain, stroke signs, a dying foot),
makes `emergency` the intent with full confidence. Its phrases (bot/emergency.py) are narrow
on purpose; the message guard (bot/guard.py) uses the same ones.
"""
from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from bot.language.en.crisis_phrases import is_unmistakable_emergency
from nlu.intent_rule import IntentRule

EMERGENCY_INTENT = "emergency"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EmergencySafetyNet(IntentRule):
    intent = EMERGENCY_INTENT

    def matches(self, text: str) -> bool:
        return is_unmistakable_emergency(text)
