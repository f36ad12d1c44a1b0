"""Read the details a patient types in English: names, "skip", questions, new or returning.

Plain Python, no Rasa. Every function takes any text (even None) and never raises; anything
longer than MAX_CHARS is turned down at once, before any other work. Phone numbers and email
addresses, which read the same in any language, are in bot/clinic/contact_details.py.

Names: a single word ("Maria") is accepted, since some patients give a first name only;
`is_full_name` tells the caller whether to ask for the full name. Titles (Dr, Mrs...) are
dropped: "Dr. Anne Lee" -> "Anne Lee".
"""
from __future__ import annotations

import re

from bot.clinic.contact_details import usable

MAX_NAME_WORDS = 5

# --- Name -----------------------------------------------------------------------------------

_GREETING = re.compile(r"^(?:hi|hello|hey|sure|ok|okay|yes|yeah)(?:\s+there)?\b[\s,!.]*",
                       re.IGNORECASE)
_NAME_PREFIX = re.compile(
    r"^(?:my\s+(?:full\s+)?name\s+is|my\s+name's|(?:full\s+)?name(?:\s+is)?|it\s+is|it's|its|"
    r"i\s+am|i'm|this\s+is|call\s+me)(?:\s*[:=-]\s*|\s+)", re.IGNORECASE)
_NAME_SUFFIX = re.compile(r"[\s,.!]*(?:thanks|thank\s+you|thx|ty)?[\s,.!]*$", re.IGNORECASE)
_TITLE = re.compile(r"^(?:dr|doctor|mr|mister|mrs|ms|miss|mx|prof|professor)\b\.?\s+", re.IGNORECASE)
# A word: letters, with inner apostrophes, hyphens or a closing period ("O'Brien", "J.").
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*\.?")
_SENTENCE_WORDS = frozenset("""
    want wants need needs appointment appointments book booking schedule cancel feet foot pain
    hurt hurts please what how why when where who which don't dont not can't could would
    should have has had having help like i me my you your is are am was the for with about
    and or but if this that there it its it's i'm that's what's clinic today tomorrow
""".split())
_NOT_NAMES = frozenset("yes no nope nah ok okay sure hi hello hey thanks skip none nothing "
                       "idk unknown anonymous name test".split())
_PARTICLES = frozenset("van von der den de del della di da du la le dos das bin ibn".split())


def clean_name(text: str) -> str | None:
    """The patient's name, tidied ('it's mary o'brien' -> "Mary O'Brien"), or None.

    None for empty answers, single letters, digits, emails, links, symbols, and anything that
    reads like a sentence or question rather than a name.
    """
    if not usable(text):
        return None
    name = " ".join(text.split()).replace("\u2019", "'")
    name = _NAME_PREFIX.sub("", _GREETING.sub("", name, count=1), count=1)
    name = _NAME_SUFFIX.sub("", name, count=1)
    name = _TITLE.sub("", name, count=1)
    words = name.split()
    lowered = [w.lower() for w in words]
    if (not words or len(words) > MAX_NAME_WORDS
            or not all(_NAME_WORD.fullmatch(w) for w in words)
            or len(name.replace(".", "")) < 2
            or _SENTENCE_WORDS.intersection(lowered)
            or all(w in _NOT_NAMES for w in lowered)):
        return None
    if name.islower() or name.isupper():
        words = [_capitalize(w, first=i == 0) for i, w in enumerate(lowered)]
    return " ".join(words)


def _capitalize(word: str, first: bool) -> str:
    """'o'brien' -> "O'Brien", 'garcía-lópez' -> 'García-López', 'mcdonald' -> 'McDonald';
    'van', 'de'... stay lower case inside a name."""
    if word in _PARTICLES and not first:
        return word
    word = word.title()
    return re.sub(r"^Mc(\w)", lambda m: "Mc" + m[1].upper(), word)


def is_full_name(name: str | None) -> bool:
    """Two or more words, the first and last longer than an initial ('Anne Lee', 'Anne M. Lee')."""
    words = (name or "").split()
    return len(words) >= 2 and all(len(w.rstrip(".")) >= 2 for w in (words[0], words[-1]))


# --- Skipping an optional question ----------------------------------------------------------

_SKIP_ANSWERS = frozenset({
    "skip", "no", "nope", "nah", "none", "n/a", "na", "pass", "nothing", "-", "--", "no thanks",
    "no thank you", "not applicable", "no comment", "nothing to add", "none of your business",
})
_RATHER_NOT = re.compile(r"(?:i(?:'d| would)?\s+)?(?:(?:would\s+)?rather\s+not|prefer\s+not"
                         r"(?:\s+to)?|don'?t\s+want\s+to)(?:\s+(?:say|answer|share|tell|give\s+it))?")


def looks_like_skip(text: str) -> bool:
    """True for answers that decline an optional question: 'skip', 'n/a', 'rather not say'."""
    if not usable(text):
        return False
    answer = " ".join(re.sub(r"[.!,\s]+", " ", text.lower().replace("\u2019", "'")).split())
    answer = re.sub(r"^(?:just\s+|um+\s+)|\s+(?:thanks|thank you)$", "", answer)
    return answer in _SKIP_ANSWERS or bool(_RATHER_NOT.fullmatch(answer))


# --- Questions, and new or returning ------------------------------------------------------

_QUESTION_START = re.compile(
    r"^\s*(what|how|why|when|where|who|which|is|are|can|could|does|do|did|will|would|should|may|am)\b", re.IGNORECASE
)


def looks_like_question(text: str) -> bool:
    """A question rather than an answer: ends with '?' or starts like one."""
    text = (text or "").strip()
    return text.endswith("?") or bool(_QUESTION_START.match(text))


_NEVER_BEEN = re.compile(r"\b(never|not\s+been|not\s+yet|haven'?t|have\s+not|hasn'?t)\b", re.IGNORECASE)
_NEW_PATIENT = re.compile(r"\b(new|first)\b", re.IGNORECASE)
_RETURNING_PATIENT = re.compile(r"\b(return\w*|before|again|existing|been\s+(there|here|in)|yes|previous\w*|already)\b", re.IGNORECASE)


def read_patient_status(text: str) -> str | None:
    """'new' or 'returning' from the patient's words; None when it says neither (or both)."""
    if not usable(text):
        return None
    if _NEVER_BEEN.search(text):
        return "new"
    new, returning = bool(_NEW_PATIENT.search(text)), bool(_RETURNING_PATIENT.search(text))
    if new == returning:
        return None
    return "new" if new else "returning"
