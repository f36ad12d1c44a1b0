"""Rasa component: a safety net that routes unmistakable emergencies to `emergency`.

The classifier learns emergencies from examples, but a patient in crisis must never land
in a low-confidence fallback or an FAQ answer. This component runs last and, when a
message plainly says so (thoughts of suicide, chest pain, stroke signs, a dying foot),
makes `emergency` the intent with full confidence. Its phrases are narrow on purpose.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

EMERGENCY_INTENT = "emergency"

EMERGENCY_PHRASES = re.compile(
    r"""
    \b(kill(ing)?\s+my\s?self | end(ing)?\s+(it\s+all|my\s+life) | suicid\w* | take\s+my\s+(own\s+)?life
    | (want|wanna|going)\s+to\s+die | hurt(ing)?\s+my\s?self | self[-\s]?harm | better\s+off\s+dead
    | (no|any)\s+reason\s+to\s+(keep\s+)?(live|living|go\s+on|be\s+alive)
    | (don'?t|do\s+not|dont)\s+want\s+to\s+(live|be\s+alive|be\s+here\s+anymore)
    | chest\s+(pain|pains|is\s+tight|tightness|pressure) | heart\s+attack
    | can'?t\s+breathe? | cannot\s+breathe | struggling\s+to\s+breathe
    | face\s+(is\s+)?droop\w* | slurr\w+\s+(speech|words) | (having|having\s+a)\s+stroke
    | (foot|toe|toes|wound|sore)\s+(is\s+|are\s+|has\s+|have\s+)?(turn(ed|ing)\s+)?black
    )\b
    """,
    re.IGNORECASE | re.VERBOSE,
)


def is_unmistakable_emergency(text: str) -> bool:
    return bool(EMERGENCY_PHRASES.search(text or ""))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EmergencySafetyNet(GraphComponent, IntentClassifier):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "EmergencySafetyNet":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if not is_unmistakable_emergency(message.get(TEXT)):
                continue
            intent = {INTENT_NAME_KEY: EMERGENCY_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != EMERGENCY_INTENT]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)
        return messages
