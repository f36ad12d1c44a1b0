"""Rasa component: the intent, the FAQ topic to answer, and a booking asked for in passing.

A logistic regression over two views of a message:
- the MiniLM sentence vector of the message with its misspellings corrected (nlu/spelling.py);
- character n-grams of the message as written (bot/language/ngrams.py), which still match a word
  with a letter missing or swapped.
It is trained on every label patients can mean (but those config.yml leaves to another component:
`emergency` is the crisis detector's), with each FAQ topic as its own class
("faq/safety"), and then folded back: the `faq` intent's confidence is the sum of its topics',
and the likeliest topic is the answer (`response_selector`, in Rasa's ResponseSelector's
format). On independent_dev.tsv and nlu_dev.tsv, Rasa's ResponseSelector (MiniLM and lemma
features, 60 epochs) gave a question another topic's answer 17 times; this regression, on the
MiniLM vector alone, once. It trains in seconds and runs no TensorFlow model at parse time.

Long messages: the message as a whole and each of its sentences and clauses (nlu/pieces.py)
are read; the reading kept is the most confident one that asks for something the clinic can do
(out_of_scope, share_condition, inform, greet and thank give way to any other intent), so a
back-story does not drown the question after it. A FAQ question in one clause and a booking
request in another ("does insurance cover it, and can I come next Tuesday?") make the intent
`faq`, with the question's topic, and a `booking_request` entity on the booking clause: the
rule in data/dialogue/rules.yml then answers and starts the booking form.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
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
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language.ngrams import Ngrams
from nlu.pieces import Piece, clauses, sentences
from nlu.spelling import Speller, english_words

RANKING_LENGTH = 10
FAQ = "faq"
BOOK = "book_appointment"
BOOKING_REQUEST = "booking_request"
# A message of only these words asks nothing yet ("what?", "huh", "hmm"): it gets no intent, so
# the fallback offers the likeliest topics (and a person after a second miss). Read by the
# classifier, they looked like out_of_scope or affirm with confidence.
UNCLEAR_WORDS = frozenset(
    {"what", "wat", "wut", "huh", "hm", "hmm", "hmmm", "eh", "um", "umm", "uh", "erm", "why", "how"}
)
# Readings that give way to any other intent found in a sentence or clause of the message.
GIVES_WAY = frozenset({"out_of_scope", "share_condition", "inform", "greet", "thank"})


def softmax(scores: np.ndarray) -> np.ndarray:
    exp = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return exp / exp.sum(axis=-1, keepdims=True)


def fold_into_intents(labels: Sequence[str], probabilities: np.ndarray) -> list[tuple]:
    """('faq/safety', p) pairs summed into ('faq', p): intents ranked best first."""
    totals: dict[str, float] = defaultdict(float)
    for label, probability in zip(labels, probabilities):
        totals[label.split("/", 1)[0]] += float(probability)
    return sorted(totals.items(), key=lambda pair: pair[1], reverse=True)


@dataclass
class Reading:
    """What the classifier makes of a message."""

    ranking: list[tuple]  # (intent, confidence), best first
    topics: list[tuple]  # (faq/topic, confidence within faq), best first
    booking_request: Optional[Piece] = None  # the clause asking for a visit, beside a question

    @property
    def intent(self) -> tuple:
        return self.ranking[0]


@dataclass
class IntentModel:
    labels: list[str]
    dense_weights: np.ndarray  # (labels, 384): on the MiniLM vector
    char_weights: np.ndarray  # (labels, n-grams): on the character n-grams
    bias: np.ndarray
    ngrams: Ngrams
    speller: Speller
    char_weight: float  # the n-gram vector is scaled by this before the regression
    booking_threshold: float  # a clause is a booking request at this confidence or more
    question_threshold: float  # ... and another clause a FAQ question at this one

    @staticmethod
    def vectors(texts: Sequence[str], speller: Speller) -> np.ndarray:
        from bot.language.minilm import shared_encoder

        return shared_encoder().sentence_vectors([speller.correct(t) for t in texts])

    @classmethod
    def fit(cls, texts: list[str], labels: list[str], config: dict[str, Any]) -> IntentModel:
        import scipy.sparse as sparse
        from sklearn.linear_model import LogisticRegression

        kept = [i for i, label in enumerate(labels) if label not in config["decided_elsewhere"]]
        texts, labels = [texts[i] for i in kept], [labels[i] for i in kept]
        speller = Speller.from_texts(texts, english_words())
        ngrams = Ngrams.fit(texts, *config["char_ngram_sizes"])
        features = sparse.hstack(
            [sparse.csr_matrix(cls.vectors(texts, speller)), ngrams.matrix(texts) * config["char_weight"]]
        ).tocsr()
        model = LogisticRegression(
            C=config["C"],
            class_weight={"out_of_scope": config["out_of_scope_weight"]},
            max_iter=5000,
            random_state=0,
        )
        model.fit(features, labels)
        width = features.shape[1] - len(ngrams.vocabulary)
        weights = model.coef_.astype(np.float32)
        return cls(
            [str(label) for label in model.classes_],
            weights[:, :width],
            np.ascontiguousarray(weights[:, width:]),
            model.intercept_.astype(np.float32),
            ngrams,
            speller,
            config["char_weight"],
            config["booking_threshold"],
            config["question_threshold"],
        )

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """(texts, labels): each text's probability for each label."""
        scores = self.vectors(texts, self.speller) @ self.dense_weights.T + self.bias
        for row, text in enumerate(texts):
            columns, values = self.ngrams.features(text)
            scores[row] += self.char_weight * (self.char_weights[:, columns] @ values)
        return softmax(scores)

    def _reading(self, probabilities: np.ndarray) -> Reading:
        ranking = fold_into_intents(self.labels, probabilities)
        topics = [(key, float(p)) for key, p in zip(self.labels, probabilities) if key.startswith(FAQ + "/")]
        total = sum(p for _, p in topics) or 1.0
        topics = sorted(((key, p / total) for key, p in topics), key=lambda pair: pair[1], reverse=True)
        return Reading(ranking, topics)

    def read(self, text: str) -> Reading:
        """The message read as a whole, and sentence by sentence and clause by clause when it has several."""
        parts = clauses(text)
        pieces = [*parts, *(s for s in sentences(text) if s not in parts)] if len(parts) > 1 else []
        readings = [self._reading(p) for p in self.probabilities([text, *(p.text for p in pieces)])]
        best = max(readings, key=lambda r: (r.intent[0] not in GIVES_WAY, r.intent[1]))
        # A question in one clause and a request for a visit in another: answer, then book.
        by_clause = [(p, r) for p, r in zip(pieces, readings[1:]) if p in parts]
        bookings = [
            (r.intent[1], p) for p, r in by_clause if r.intent[0] == BOOK and r.intent[1] >= self.booking_threshold
        ]
        if bookings:
            booking = max(bookings, key=lambda pair: pair[0])[1]
            questions = [
                r
                for p, r in by_clause
                if p != booking and r.intent[0] == FAQ and r.intent[1] >= self.question_threshold and asks(p, text)
            ]
            if questions:
                best = max(questions, key=lambda r: r.intent[1])
                best.booking_request = booking
        return best

    def save(self, folder: Path) -> None:
        np.savez(
            folder / "weights.npz",
            dense=self.dense_weights,
            chars=self.char_weights,
            bias=self.bias,
            idf=self.ngrams.idf,
        )
        (folder / "model.json").write_text(
            json.dumps(
                {
                    "labels": self.labels,
                    "ngram_vocabulary": self.ngrams.vocabulary,
                    "ngram_sizes": [self.ngrams.low, self.ngrams.high],
                    "spelling_vocabulary": self.speller.vocabulary,
                    "char_weight": self.char_weight,
                    "booking_threshold": self.booking_threshold,
                    "question_threshold": self.question_threshold,
                }
            )
        )

    @classmethod
    def load(cls, folder: Path) -> IntentModel:
        meta = json.loads((folder / "model.json").read_text())
        with np.load(folder / "weights.npz", allow_pickle=False) as arrays:
            dense, chars, bias, idf = (arrays[k] for k in ("dense", "chars", "bias", "idf"))
        ngrams = Ngrams(meta["ngram_vocabulary"], idf, *meta["ngram_sizes"])
        speller = Speller(meta["spelling_vocabulary"], english_words())
        return cls(
            meta["labels"],
            dense,
            chars,
            bias,
            ngrams,
            speller,
            meta["char_weight"],
            meta["booking_threshold"],
            meta["question_threshold"],
        )


_QUESTION_WORD = re.compile(
    r"(?:what|whats|what's|how|when|where|which|who|why|can|could|may|do|does|did|is|are|am|was|will|would|"
    r"should|any|tell\s+me|i\s+(?:want|need|would\s+like)\s+to\s+know)\b",
    re.IGNORECASE,
)


def asks(piece: Piece, text: str) -> bool:
    """A question mark after the clause, or a question word first: "I drive her everywhere" is
    background, not a question about the clinic's location, whatever the classifier thinks."""
    return text[piece.end : piece.end + 1] == "?" or bool(_QUESTION_WORD.match(piece.text))


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=True,
)
class SentenceIntentClassifier(GraphComponent, IntentClassifier, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "C": 10.0,  # inverse regularisation strength
            # How much more an out_of_scope training example counts than the others:
            # above 1, unfamiliar messages lean towards "not answered".
            "out_of_scope_weight": 1.0,
            "char_weight": 1.0,  # the character n-grams' scale beside the unit-length MiniLM vector
            "char_ngram_sizes": [2, 4],
            "booking_threshold": 0.5,
            "question_threshold": 0.5,
            # Intents another component decides: their examples are not learned, so this
            # classifier never names them (the crisis detector alone decides `emergency`).
            "decided_elsewhere": [],
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Optional[IntentModel] = None,
    ) -> None:
        self.config = config
        self.model_storage = model_storage
        self.resource = resource
        self.model = model

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceIntentClassifier:
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(TEXT)]
        texts = [e.get(TEXT) for e in examples]
        labels = [e.get(INTENT_RESPONSE_KEY) or e.get(INTENT) for e in examples]
        self.model = IntentModel.fit(texts, labels, self.config)
        with self.model_storage.write_to(self.resource) as folder:
            self.model.save(folder)
        return self.resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SentenceIntentClassifier:
        config = {**cls.get_default_config(), **config}
        try:
            with model_storage.read_from(resource) as folder:
                return cls(config, model_storage, resource, IntentModel.load(folder))
        except ValueError:  # nothing trained yet (e.g. a model without NLU data)
            return cls(config, model_storage, resource)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if self.model is None or asks_nothing(text):  # the fallback takes it
                message.set(INTENT, {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
                continue
            reading = self.model.read(text)
            ranking = [{INTENT_NAME_KEY: n, PREDICTED_CONFIDENCE_KEY: c} for n, c in reading.ranking[:RANKING_LENGTH]]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            message.set("response_selector", selector_output(reading.topics), add_to_output=True)
            if reading.booking_request is not None:
                piece = reading.booking_request
                entity = {
                    ENTITY_ATTRIBUTE_TYPE: BOOKING_REQUEST,
                    ENTITY_ATTRIBUTE_VALUE: piece.text,
                    ENTITY_ATTRIBUTE_START: piece.start,
                    ENTITY_ATTRIBUTE_END: piece.end,
                    EXTRACTOR: self.__class__.__name__,
                }
                message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
        return messages


def asks_nothing(text: str) -> bool:
    """No words ("", "😀😀", "?!"), or only words of puzzlement ("what?", "hmm")."""
    words = re.findall(r"\w+", text.lower())
    return all(word in UNCLEAR_WORDS for word in words)


def selector_output(topics: list[tuple]) -> dict[str, Any]:
    """The FAQ answer in the shape Rasa's ResponseSelector gives it (read by `utter_faq`)."""
    key, confidence = topics[0]
    return {
        "all_retrieval_intents": [FAQ],
        FAQ: {
            "response": {
                "responses": None,
                PREDICTED_CONFIDENCE_KEY: confidence,
                INTENT_RESPONSE_KEY: key,
                "utter_action": f"utter_{key}",
            },
            "ranking": [{PREDICTED_CONFIDENCE_KEY: c, INTENT_RESPONSE_KEY: k} for k, c in topics[:RANKING_LENGTH]],
        },
    }
