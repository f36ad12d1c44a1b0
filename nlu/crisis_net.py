"""Rasa component: the crisis detector (bot/safety/crisis.py) inside the NLU pipeline.

The channels run the detector before anything else and hand the assistant a crisis as
`/emergency{"crisis_category": ...}`; this component does the same for every other way a
message reaches the pipeline (`rasa shell`, test stories, a new channel). It runs last: a
crisis makes `emergency` the intent with full confidence, whatever the classifier said (the
classifier never names it: config.yml leaves it to the detector). Every `emergency` message
carries a `crisis_category` entity, "general" when `emergency` came without a crisis found (a
`/emergency` payload), so the reply (utter_emergency's variations) never rests on the category
of an earlier crisis.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.safety.crisis import shared_detector
from nlu.intent_rule import set_intent

EMERGENCY = "emergency"
CRISIS_CATEGORY = "crisis_category"
GENERAL = "general"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=False,
)
class CrisisNet(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisNet:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        detector = shared_detector()
        for message in messages:
            crisis = detector.detect(message.get(TEXT) or "")
            if crisis is not None:
                set_intent(message, EMERGENCY)
            elif (message.get(INTENT) or {}).get(INTENT_NAME_KEY) != EMERGENCY:
                continue
            category = crisis.category if crisis is not None else GENERAL
            entity = {
                ENTITY_ATTRIBUTE_TYPE: CRISIS_CATEGORY,
                ENTITY_ATTRIBUTE_VALUE: category,
                ENTITY_ATTRIBUTE_START: 0,
                ENTITY_ATTRIBUTE_END: 0,
                EXTRACTOR: self.__class__.__name__,
            }
            others = [e for e in message.get(ENTITIES) or [] if e.get(ENTITY_ATTRIBUTE_TYPE) != CRISIS_CATEGORY]
            message.set(ENTITIES, [*others, entity], add_to_output=True)
        return messages
