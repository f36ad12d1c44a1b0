"""How the FAQ tests split an answer into sentences (one helper, shared by
tests/test_faq_answers.py and tests/test_claims_ledger.py, so the claims ledger lists
exactly the sentences the content rules count).
"""

import re

PLACEHOLDER_RE = re.compile(r"\{[a-z_]+\}")
_PLACEHOLDER_SPLIT = re.compile(r"(\{[a-z_]+\})")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def sentences(text):
    """Split an answer into sentences, each stripped, in order.

    A sentence ends at . ? or ! followed by whitespace or the end of the text. A slot
    placeholder such as {clinic_prices_text} is a sentence on its own, kept exactly as
    written (the bot fills it with complete sentences from the clinic's settings).
    """
    parts = []
    for piece in _PLACEHOLDER_SPLIT.split(text):
        piece = piece.strip()
        if not piece:
            continue
        if PLACEHOLDER_RE.fullmatch(piece):
            parts.append(piece)
        else:
            parts.extend(p.strip() for p in _SENTENCE_END.split(piece) if p.strip())
    return parts
