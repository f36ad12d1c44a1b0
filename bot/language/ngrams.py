"""N-grams of a message, TF-IDF weighted: the words' view beside the sentence vector.

Why: a misspelt word keeps most of its letter sequences ("apointmnet" shares " ap", "app",
"poi", "oin", "int" with "appointment"), so character n-grams still point at the right intent
when the sentence vector does not (the intent classifier, nlu/sentence_classifier.py); word
n-grams ("kill myself", "lost luggage") give the crisis detector (bot/safety/crisis.py) a
lexical view beside its embedding. Characters: each word padded with a space and cut into
n-grams (scikit-learn's "char_wb" analyzer); words: runs of two or more word characters, as
scikit-learn's default token pattern. Sublinear term frequency and L2 normalisation, in plain
Python, so that a trained model is only a vocabulary and weights.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import scipy.sparse as sparse

CHARACTERS, WORDS = "char", "word"
_TOKEN = re.compile(r"\b\w\w+\b")


def ngrams(text: str, low: int, high: int, kind: str = CHARACTERS) -> Counter:
    counts: Counter = Counter()
    if kind == WORDS:
        tokens = _TOKEN.findall(text.lower())
        for n in range(low, high + 1):
            counts.update(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
        return counts
    for word in text.lower().split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) < n:
                break
            counts.update(padded[i : i + n] for i in range(len(padded) - n + 1))
    return counts


class Ngrams:
    def __init__(
        self, vocabulary: dict[str, int], idf: np.ndarray, low: int = 2, high: int = 4, kind: str = CHARACTERS
    ) -> None:
        self.vocabulary, self.idf, self.low, self.high, self.kind = vocabulary, idf, low, high, kind

    @classmethod
    def fit(cls, texts: list[str], low: int = 2, high: int = 4, min_count: int = 2, kind: str = CHARACTERS) -> Ngrams:
        """Keep the n-grams found in at least `min_count` texts."""
        document_counts: Counter = Counter()
        for text in texts:
            document_counts.update(ngrams(text, low, high, kind).keys())
        kept = sorted(g for g, n in document_counts.items() if n >= min_count)
        idf = np.array([math.log((1 + len(texts)) / (1 + document_counts[g])) + 1 for g in kept], dtype=np.float32)
        return cls({g: i for i, g in enumerate(kept)}, idf, low, high, kind)

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(columns, values) of the message's L2-normalised TF-IDF vector."""
        found = ngrams(text, self.low, self.high, self.kind)
        counts = [(self.vocabulary[g], n) for g, n in found.items() if g in self.vocabulary]
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        columns = np.array([c for c, _ in counts], dtype=np.int64)
        values = np.array([1.0 + math.log(n) for _, n in counts], dtype=np.float32) * self.idf[columns]
        return columns, values / np.linalg.norm(values)

    def matrix(self, texts: list[str]) -> sparse.csr_matrix:
        rows: list[int] = []
        columns: list[int] = []
        values: list[float] = []
        for row, text in enumerate(texts):
            c, v = self.features(text)
            rows.extend([row] * len(c))
            columns.extend(c)
            values.extend(v)
        return sparse.csr_matrix((values, (rows, columns)), shape=(len(texts), len(self.vocabulary)))
