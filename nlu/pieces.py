"""The sentences and clauses of a message, for the intent classifier.

Why: a long message is mostly back-story ("My mom is 82 and her feet burn at night. Does
Medicare cover it?"), and the sentence that asks is what it is about; a message may also ask
two things in two clauses ("does insurance cover it, and can I come next Tuesday?"). Sentences
end at . ! ? ; a dash between spaces, or a new line. A sentence is cut into clauses before
"and", "also", "plus" or "but" (with or without a comma), or after a comma, when what follows
starts a question or a request ("can I", "do you", "I'd like"...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"[.!?;]+(?=\s|$)|\n+|\s[-\u2013\u2014]+\s")
_STARTS_REQUEST = (
    r"(?:can|could|may|do|does|did|is|are|will|would|should|what|whats|what's|how|when|where|"
    r"which|who|i'd|id|i\s+want|i\s+would|i\s+need|i\s+wanna|want\s+to|please|book|sign|set|schedule)\b"
)
_CLAUSE_BREAK = re.compile(
    rf",?\s+(?:and\s+also|and|also|plus|but)\s+(?={_STARTS_REQUEST})|,\s*(?:and\s+|also\s+|plus\s+)?(?={_STARTS_REQUEST})",
    re.IGNORECASE,
)
_LEADING_JOIN = re.compile(r"(?:and|also|plus|but)\s+", re.IGNORECASE)
MAX_PIECES = 12  # a very long message is read as a whole and in its first pieces


@dataclass(frozen=True)
class Piece:
    text: str
    start: int
    end: int


def _split(text: str, start: int, end: int, pattern: re.Pattern) -> list[Piece]:
    found, position = [], start
    for match in pattern.finditer(text, start, end):
        found.append((position, match.start()))
        position = match.end()
    found.append((position, end))
    pieces = []
    for s, e in found:
        while s < e and not text[s].isalnum():
            s += 1
        while e > s and not text[e - 1].isalnum():
            e -= 1
        joined = _LEADING_JOIN.match(text, s, e)
        if joined and joined.end() < e:
            s = joined.end()
        if s < e:
            pieces.append(Piece(text[s:e], s, e))
    return pieces


def sentences(text: str) -> list[Piece]:
    return _split(text, 0, len(text), _SENTENCE_END)[:MAX_PIECES]


def clauses(text: str) -> list[Piece]:
    """Every clause of every sentence, in order."""
    found = []
    for sentence in sentences(text):
        found.extend(_split(text, sentence.start, sentence.end, _CLAUSE_BREAK))
    return found[:MAX_PIECES]
