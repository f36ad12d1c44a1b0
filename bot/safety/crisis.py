"""The crisis detector: does a message say that someone is in danger, and of what kind?

It runs on every message of every channel before anything else (channels/), and in the NLU
pipeline (nlu/crisis_net.py). Two parts, over every piece of the message (each sentence, and
windows of long ones, so a crisis in the middle of a long message is found):
- phrases that are a crisis whatever else is said (bot/language/en/crisis_phrases.py);
- a classifier of its own on the MiniLM sentence vector (CrisisClassifier), trained by
  bot/safety/build.py from data/crisis/ and the NLU examples into build/; its threshold was
  chosen for recall on the development sets (scripts/crisis_eval.py --tune).

Categories are what the patient is told (domain.yml, `utter_emergency`): suicide (988 first),
overdose (911 or Poison Help), medical (911), abuse (911 and the hotlines), burn (first aid and
same-day care). Plain Python; no function here logs, and nothing keeps the text.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.language.en import crisis_phrases
from bot.language.minilm import MiniLM, shared_encoder
from bot.settings import PROJECT_ROOT

CATEGORIES = ("suicide", "overdose", "medical", "abuse", "burn")
ROUTINE = "routine"
DETECTOR_FILE = PROJECT_ROOT / "build" / "crisis-detector-en.npz"
MAX_TEXT_CHARS = 20_000  # beyond the webhooks' body limit: nothing longer reaches the detector


@dataclass(frozen=True)
class Crisis:
    category: str  # one of CATEGORIES
    found_by: str  # "phrase" or "classifier": safe to log


@dataclass(frozen=True)
class CrisisClassifier:
    """Two models on MiniLM sentence vectors, trained by bot/safety/build.py:
    - is it a crisis: a support-vector machine with an RBF kernel (a weighted sum of kernels
      over its support vectors); a piece is a crisis when its score reaches `threshold`;
    - which kind: a logistic regression over the crisis categories.
    """

    support_vectors: np.ndarray  # (n, 384)
    dual_coefficients: np.ndarray  # (n,)
    intercept: float
    gamma: float
    threshold: float
    categories: tuple[str, ...]
    category_weights: np.ndarray  # (categories, 384)
    category_bias: np.ndarray  # (categories,)

    def crisis_scores(self, vectors: np.ndarray) -> np.ndarray:
        """The SVM's decision value for each vector: the higher, the likelier a crisis."""
        squared_distances = (
            (vectors**2).sum(axis=1)[:, None] + (self.support_vectors**2).sum(axis=1)[None, :]
            - 2.0 * vectors @ self.support_vectors.T
        )
        return np.exp(-self.gamma * np.maximum(squared_distances, 0.0)) @ self.dual_coefficients + self.intercept

    def category(self, vector: np.ndarray) -> str:
        return self.categories[int(np.argmax(self.category_weights @ vector + self.category_bias))]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {name: getattr(self, name) for name in self.__dataclass_fields__}
        arrays["categories"] = np.array(json.dumps(self.categories))
        np.savez(path, **arrays)

    @classmethod
    def load(cls, path: Path) -> "CrisisClassifier":
        with np.load(path, allow_pickle=False) as arrays:
            values = {name: arrays[name] for name in cls.__dataclass_fields__}
        values["categories"] = tuple(json.loads(str(values["categories"])))
        for name in ("intercept", "gamma", "threshold"):
            values[name] = float(values[name])
        return cls(**values)


class CrisisDetector:
    def __init__(self, classifier: CrisisClassifier, encoder: MiniLM) -> None:
        self.classifier = classifier
        self.encoder = encoder

    def detect(self, text: str) -> Crisis | None:
        """The crisis `text` speaks of, or None for a routine message."""
        pieces = crisis_phrases.pieces((text or "")[:MAX_TEXT_CHARS])
        for piece in pieces:
            category = crisis_phrases.unmistakable(piece)
            if category is not None:
                return Crisis(category, "phrase")
        if not pieces:
            return None
        vectors = self.encoder.sentence_vectors(pieces)
        scores = self.classifier.crisis_scores(vectors)
        best = int(scores.argmax())
        if scores[best] >= self.classifier.threshold:
            return Crisis(self.classifier.category(vectors[best]), "classifier")
        return None

    def crisis_score(self, text: str) -> float:
        """The highest classifier score over the pieces of `text` (for tuning and evaluation)."""
        pieces = crisis_phrases.pieces((text or "")[:MAX_TEXT_CHARS])
        if not pieces:
            return float("-inf")
        return float(self.classifier.crisis_scores(self.encoder.sentence_vectors(pieces)).max())


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
