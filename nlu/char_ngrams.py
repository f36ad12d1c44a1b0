"""Character n-grams of a message, TF-IDF weighted: the classifier's second view of the words.

Why: a misspelt word keeps most of its letter sequences ("apointmnet" shares " ap", "app",
"poi", "oin", "int" with "appointment"), so these features still point at the right intent
when the sentence vector does not. Each word is padded with a space and cut into n-grams of
2 to 4 letters (scikit-learn's "char_wb" analyzer, with sublinear term frequency and L2
normalisation), in plain Python so that a trained model is only a vocabulary and weights.
"""
from __future__ import annotations

import math
from collections import Counter
import numpy as np
import scipy.sparse as sparse


def ngrams(text: str, low: int, high: int) -> Counter:
    counts: Counter = Counter()
    for word in text.lower().split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) < n:
                break
            counts.update(padded[i:i + n] for i in range(len(padded) - n + 1))
    return counts


class CharNgrams:
    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, low: int = 2, high: int = 4) -> None:
        self.vocabulary, self.idf, self.low, self.high = vocabulary, idf, low, high

    @classmethod
    def fit(cls, texts: list[str], low: int = 2, high: int = 4, min_count: int = 2) -> "CharNgrams":
        """Keep the n-grams found in at least `min_count` texts."""
        document_counts: Counter = Counter()
        for text in texts:
            document_counts.update(ngrams(text, low, high).keys())
        kept = sorted(g for g, n in document_counts.items() if n >= min_count)
        idf = np.array([math.log((1 + len(texts)) / (1 + document_counts[g])) + 1 for g in kept], dtype=np.float32)
        return cls({g: i for i, g in enumerate(kept)}, idf, low, high)

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(columns, values) of the message's L2-normalised TF-IDF vector."""
        counts = [(self.vocabulary[g], n) for g, n in ngrams(text, self.low, self.high).items() if g in self.vocabulary]
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
