"""How the content tests read the assistant's replies and split them into sentences (one
helper, shared by tests/test_faq_answers.py, tests/test_claims_ledger.py and
tests/test_crisis_replies.py, so the claims ledger lists exactly the sentences the content
rules count).
"""

import re
from pathlib import Path

import yaml

PLACEHOLDER_RE = re.compile(r"\{[a-z_]+\}")
# A placeholder filled with whole sentences from the clinic's settings ({clinic_prices_text},
# {reach_person_text}); any other placeholder ({clinic_name}) is a word inside its sentence.
SENTENCE_PLACEHOLDER_RE = re.compile(r"\{[a-z_]+_text\}")
_PLACEHOLDER_SPLIT = re.compile(r"(\{[a-z_]+_text\})")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")

# The variation of a conditional response (utter_emergency) that has no condition.
GENERAL = "general"


def sentences(text):
    """Split an answer into sentences, each stripped, in order.

    A sentence ends at . ? or ! followed by whitespace or the end of the text. A sentence
    placeholder such as {clinic_prices_text} is a sentence on its own, kept exactly as
    written (the bot fills it with complete sentences from the clinic's settings); a name
    placeholder such as {clinic_name} stays inside its sentence.
    """
    parts = []
    for piece in _PLACEHOLDER_SPLIT.split(text):
        piece = piece.strip()
        if not piece:
            continue
        if SENTENCE_PLACEHOLDER_RE.fullmatch(piece):
            parts.append(piece)
        else:
            parts.extend(p.strip() for p in _SENTENCE_END.split(piece) if p.strip())
    return parts


def variation_key(key, variation, conditional):
    """The name of one variation: the response key, or for a response with conditional
    variations the key and the condition's value, `utter_emergency[suicide]`, and
    `utter_emergency[general]` for its variation without a condition."""
    if not conditional:
        return key
    values = [str(c.get("value")) for c in variation.get("condition") or []]
    return f"{key}[{','.join(values) or GENERAL}]"


def load_replies(path):
    """The texts of a responses file (domain.yml or data/en/responses/*.yml) by variation key,
    each key with its list of texts, in order."""
    with Path(path).open(encoding="utf-8") as fh:
        responses = yaml.safe_load(fh).get("responses") or {}
    replies = {}
    for key, variations in responses.items():
        variations = [v for v in variations or [] if isinstance(v, dict) and "text" in v]
        conditional = any(v.get("condition") for v in variations)
        for variation in variations:
            replies.setdefault(variation_key(key, variation, conditional), []).append(variation["text"])
    return replies
