"""Spelling-tolerant reading of the clinic's vocabulary, for the intent classifier.

Why: MiniLM cuts a word it does not know into word pieces, and a misspelt word's pieces mean
nothing ("apointmnet" becomes ap ##oint ##m ##net), so "apointmnet asap" fell back and
"canidate?" read as `inform`. Before a message is encoded, each word that is neither an English
word (a whole word of MiniLM's own vocabulary) nor a word of the training data is replaced by
the closest word of the training data: at most one edit away for words of 4 to 6 letters, two
for longer ones (an edit is a letter added, dropped, changed, or two neighbours swapped), the
more frequent word winning a tie. Shorter words, numbers, codes and known words are left alone.
The corrected text is only what the classifier reads; the message itself (and what the forms
store) is unchanged.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

WORD = re.compile(r"(?<![\w'])[A-Za-z]+(?:'[A-Za-z]+)?(?![\w'])")
MIN_COUNT = 2  # a training word that is not English must occur this often to be a correction


def edits_allowed(length: int) -> int:
    return 0 if length < 4 else 1 if length < 7 else 2


def _deletions(word: str, depth: int) -> set[str]:
    found, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, swaps."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


class Speller:
    def __init__(self, vocabulary: dict[str, int], english: Iterable[str]) -> None:
        """`vocabulary`: the words corrections may go to, with their training counts."""
        self.vocabulary = dict(vocabulary)
        self.english = frozenset(english)
        # Symmetric deletion index: a word and a typo of it share a deletion.
        self._index: dict[str, set[str]] = defaultdict(set)
        for word in self.vocabulary:
            for deleted in _deletions(word, edits_allowed(len(word)) or 1):
                self._index[deleted].add(word)

    @classmethod
    def from_texts(cls, texts: Iterable[str], english: Iterable[str]) -> Speller:
        english = frozenset(english)
        counts = Counter(word.lower() for text in texts for word in WORD.findall(text))
        vocabulary = {w: n for w, n in counts.items() if len(w) >= 3 and (w in english or n >= MIN_COUNT)}
        return cls(vocabulary, english)

    def correct_word(self, word: str) -> str:
        lower = word.lower()
        allowed = edits_allowed(len(lower))
        if not allowed or lower in self.english or lower in self.vocabulary:
            return word
        candidates = set().union(*(self._index.get(d, ()) for d in _deletions(lower, allowed)))
        best, best_key = word, None
        for candidate in candidates:
            distance = edit_distance(lower, candidate)
            key = (distance, -self.vocabulary[candidate], candidate)
            if distance <= allowed and (best_key is None or key < best_key):
                best, best_key = candidate, key
        return best

    def correct(self, text: str) -> str:
        return WORD.sub(lambda match: self.correct_word(match.group()), text)


def english_words() -> frozenset[str]:
    """The whole words of MiniLM's vocabulary: words the encoder already knows."""
    from bot.language.minilm import shared_encoder

    vocabulary = shared_encoder().tokenizer.get_vocab()
    return frozenset(token for token in vocabulary if token.isalpha() and token.islower())
