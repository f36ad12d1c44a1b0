"""The crisis detector: does a message say that someone is in danger, and of what kind?

It runs on every message of every channel before anything else (channels/), and in the NLU
pipeline (nlu/crisis_net.py). Two parts, each reading the message a part at a time, so that a
crisis in the middle of a long message is found:
- phrases that are a crisis whatever else is said (bot/language/en/crisis_phrases.py), looked
  for in each sentence (and windows of long ones);
- a classifier of its own (CrisisClassifier), scoring each passage: a sentence with the one
  before and the one after it (and windows of long sentences). A support-vector machine on the
  MiniLM sentence vector plus a logistic regression on the passage's words and letters, trained by
  bot/safety/build.py from data/en/crisis/ and the NLU examples into build/; its settings were
  chosen for recall on the development sets (scripts/crisis_eval.py --tune).

Categories are what the patient is told (`utter_emergency` in data/en/responses/replies.yml): suicide (988 first),
overdose (911 or Poison Help), medical (911), abuse (911 and the hotlines), burn (first aid and
same-day care). Plain Python; no function here logs, and nothing keeps the text.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sparse

from bot.language.en import crisis_phrases
from bot.language.minilm import MiniLM, shared_encoder
from bot.language.ngrams import CHARACTERS, WORDS, Ngrams
from bot.settings import PROJECT_ROOT

CATEGORIES = ("suicide", "overdose", "medical", "abuse", "burn")
ROUTINE = "routine"
DETECTOR_FILE = PROJECT_ROOT / "build" / "crisis-detector-en.npz"
WORD_NGRAMS, CHARACTER_NGRAMS = (1, 2), (2, 5)  # the lexical model's n-gram sizes
MAX_TEXT_CHARS = 20_000  # beyond the webhooks' body limit: nothing longer reaches the detector
# How much lower the classifier's score is in a message that says all is well or jokes ("feel
# fine today", "lol"; crisis_phrases.reassured). Chosen on dev3-dev9: at 0.5 no dev crisis was
# lost and a sixth of the false alarms went; a phrase is never lowered.
REASSURED_DISCOUNT = 0.5


@dataclass(frozen=True)
class Crisis:
    category: str  # one of CATEGORIES
    found_by: str  # "phrase" or "classifier": safe to log


@dataclass(frozen=True)
class LexicalModel:
    """A logistic regression on the words and letters of a passage (TF-IDF word 1-2-grams and
    character 2-5-grams): what the passage says in so many words, beside what it means."""

    words: Ngrams
    characters: Ngrams
    weights: np.ndarray  # (len(words.vocabulary) + len(characters.vocabulary),)
    bias: float

    def features(self, texts: list[str]) -> sparse.csr_matrix:
        return sparse.hstack([self.words.matrix(texts), self.characters.matrix(texts)]).tocsr()

    def scores(self, texts: list[str]) -> np.ndarray:
        return self.features(texts) @ self.weights + self.bias


@dataclass(frozen=True)
class CrisisClassifier:
    """Trained by bot/safety/build.py; every array is plain NumPy, saved without pickles.

    - is it a crisis: a support-vector machine with an RBF kernel on the MiniLM sentence
      vector (a weighted sum of kernels over its support vectors), plus `lexical_weight` times
      the lexical model's score; a passage is a crisis when the sum reaches `threshold`;
    - which kind: a logistic regression over the crisis categories, on the sentence vector.
    """

    support_vectors: np.ndarray  # (n, 384)
    dual_coefficients: np.ndarray  # (n,)
    intercept: float
    gamma: float
    lexical: LexicalModel
    lexical_weight: float
    threshold: float
    categories: tuple[str, ...]
    category_weights: np.ndarray  # (categories, 384)
    category_bias: np.ndarray  # (categories,)

    def crisis_scores(self, passages: list[str], vectors: np.ndarray) -> np.ndarray:
        """For each passage (and its sentence vector): the higher, the likelier a crisis."""
        squared_distances = (
            (vectors**2).sum(axis=1)[:, None]
            + (self.support_vectors**2).sum(axis=1)[None, :]
            - 2.0 * vectors @ self.support_vectors.T
        )
        meaning = np.exp(-self.gamma * np.maximum(squared_distances, 0.0)) @ self.dual_coefficients + self.intercept
        return meaning + self.lexical_weight * self.lexical.scores(passages)

    def category(self, vector: np.ndarray) -> str:
        return self.categories[int(np.argmax(self.category_weights @ vector + self.category_bias))]

    _ARRAYS = ("support_vectors", "dual_coefficients", "category_weights", "category_bias")
    _NUMBERS = ("intercept", "gamma", "lexical_weight", "threshold")

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        words, characters = self.lexical.words, self.lexical.characters
        np.savez(
            path,
            **{name: getattr(self, name) for name in (*self._ARRAYS, *self._NUMBERS)},
            categories=np.array(json.dumps(self.categories)),
            word_vocabulary=np.array(json.dumps(sorted(words.vocabulary, key=words.vocabulary.__getitem__))),
            word_idf=words.idf,
            character_vocabulary=np.array(
                json.dumps(sorted(characters.vocabulary, key=characters.vocabulary.__getitem__))
            ),
            character_idf=characters.idf,
            lexical_weights=self.lexical.weights,
            lexical_bias=self.lexical.bias,
        )

    @classmethod
    def load(cls, path: Path) -> CrisisClassifier:
        with np.load(path, allow_pickle=False) as arrays:

            def ngrams(prefix: str, low: int, high: int, kind: str) -> Ngrams:
                grams = json.loads(str(arrays[f"{prefix}_vocabulary"]))
                return Ngrams({g: i for i, g in enumerate(grams)}, arrays[f"{prefix}_idf"], low, high, kind)

            lexical = LexicalModel(
                ngrams("word", *WORD_NGRAMS, WORDS),
                ngrams("character", *CHARACTER_NGRAMS, CHARACTERS),
                arrays["lexical_weights"].astype(np.float32),
                float(arrays["lexical_bias"]),
            )
            return cls(
                **{name: arrays[name].astype(np.float32) for name in cls._ARRAYS},
                intercept=float(arrays["intercept"]),
                gamma=float(arrays["gamma"]),
                lexical_weight=float(arrays["lexical_weight"]),
                threshold=float(arrays["threshold"]),
                lexical=lexical,
                categories=tuple(json.loads(str(arrays["categories"]))),
            )


class CrisisDetector:
    # The channel reads each message, then the NLU pipeline (nlu/crisis_net.py) reads it again:
    # the second read is answered from here. Keyed by a hash, so no message text is kept.
    REMEMBERED = 256

    def __init__(self, classifier: CrisisClassifier, encoder: MiniLM) -> None:
        self.classifier = classifier
        self.encoder = encoder
        self._recent: OrderedDict[bytes, Crisis | None] = OrderedDict()
        self._lock = threading.Lock()

    def detect(self, text: str) -> Crisis | None:
        """The crisis `text` speaks of, or None for a routine message."""
        text = (text or "")[:MAX_TEXT_CHARS]
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
        with self._lock:
            if key in self._recent:
                self._recent.move_to_end(key)
                return self._recent[key]
        found = self._detect(text)
        with self._lock:
            self._recent[key] = found
            while len(self._recent) > self.REMEMBERED:
                self._recent.popitem(last=False)
        return found

    def _detect(self, text: str) -> Crisis | None:
        for piece in crisis_phrases.pieces(text):
            category = crisis_phrases.unmistakable(piece)
            if category is not None:
                return Crisis(category, "phrase")
        vectors, scores = self._passages_scored(text)
        if not len(scores):
            return None
        best = int(scores.argmax())
        if scores[best] >= self.classifier.threshold:
            category = self.classifier.category(vectors[best])
            if category == "suicide" and crisis_phrases.took_something(text):
                category = "overdose"  # "i already took some of them": 911 and Poison Help (and 988)
            return Crisis(category, "classifier")
        return None

    def crisis_score(self, text: str) -> float:
        """The highest classifier score over the passages of `text` (for tuning and evaluation)."""
        _, scores = self._passages_scored((text or "")[:MAX_TEXT_CHARS])
        return float(scores.max()) if len(scores) else float("-inf")

    def _passages_scored(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The sentence vector and the classifier's score of each passage of `text`, lowered by
        REASSURED_DISCOUNT in a message that says all is well."""
        passages = crisis_phrases.passages(text)
        if not passages:
            return np.zeros((0, self.encoder.dimensions), np.float32), np.zeros(0, np.float32)
        vectors = self.encoder.sentence_vectors(passages)
        return vectors, self.classifier.crisis_scores(passages, vectors) - reassurance_discount(text)


def reassurance_discount(text: str) -> float:
    """How much lower the classifier's scores are for `text`: REASSURED_DISCOUNT in a message
    that says all is well (crisis_phrases.reassured), else nothing."""
    return REASSURED_DISCOUNT if crisis_phrases.reassured(text) else 0.0


class DetectorMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def shared_detector() -> CrisisDetector:
    """The process's detector. Raises DetectorMissing when build/ has none: run `make`."""
    if not DETECTOR_FILE.exists():
        raise DetectorMissing(
            f"{DETECTOR_FILE.relative_to(PROJECT_ROOT)} is missing: run `make train` (or `make run`) to build it"
        )
    return CrisisDetector(CrisisClassifier.load(DETECTOR_FILE), shared_encoder())
