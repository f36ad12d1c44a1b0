"""Rasa component: a message that is only an appointment reference code means `inform`.

Codes are random ("47ATTK", "HEYW9T"), so the intent classifier reads some of them as a
greeting, an FAQ question or out of scope, and the lookup form never gets the code. A message
that is nothing but a well-formed code (bot/clinic/references.py: letters and digits from the code
alphabet, at least one digit) is made `inform` with full confidence. The emergency safety net
runs after this one; no code can contain an emergency phrase.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from bot.clinic.references import looks_like_a_code
from nlu.intent_rule import IntentRule


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ReferenceCodeNet(IntentRule):
    intent = "inform"

    def matches(self, text: str) -> bool:
        return looks_like_a_code(text)
