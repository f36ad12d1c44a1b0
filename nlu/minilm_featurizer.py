"""Rasa component: dense MiniLM features for each token and for the whole message.

Sentence feature: the all-MiniLM-L6-v2 sentence vector (what the model was trained to
produce). Token features: the mean of the word-piece vectors inside each token's
characters, so they line up with the spaCy tokens the other featurizers use.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language.minilm import Encoded, shared_encoder


def token_vectors(encoded: Encoded, token_spans: list[tuple[int, int]]) -> np.ndarray:
    """Average the word pieces that overlap each token; zeros where none do."""
    width = encoded.sentence_vector.shape[0]
    vectors = np.zeros((len(token_spans), width), dtype=np.float32)
    for row, (start, end) in enumerate(token_spans):
        inside = [i for i, (s, e) in enumerate(encoded.piece_spans) if s < end and e > start]
        if inside:
            vectors[row] = encoded.piece_vectors[inside].mean(axis=0)
    return vectors


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class MiniLMFeaturizer(DenseFeaturizer, GraphComponent):
    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**DenseFeaturizer.get_default_config()}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to configure: the model is the one the package ships."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MiniLMFeaturizer:
        return cls(execution_context.node_name, config)

    def process(self, messages: list[Message]) -> list[Message]:
        encoder = shared_encoder()
        for message in messages:
            tokens = message.get(TOKENS_NAMES[TEXT])
            text = message.get(TEXT)
            if not tokens or not text:
                continue
            encoded = encoder.encode(text)
            sequence = token_vectors(encoded, [(token.start, token.end) for token in tokens])
            self.add_features_to_message(sequence, encoded.sentence_vector[np.newaxis, :], TEXT, message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
