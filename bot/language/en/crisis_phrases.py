"""Unmistakable emergency phrases, in plain Python.

Used by the NLU safety net (nlu/emergency_net.py), which makes such a message the
`emergency` intent, and by the message guard (bot/guard.py), so that a message too long
for the assistant still gets the 911 / 988 reply. The phrases are narrow on purpose.
"""
from __future__ import annotations

import re

EMERGENCY_PHRASES = re.compile(
    r"""
    \b(kill(ing)?\s+my\s?self | end(ing)?\s+(it\s+all|my\s+life) | suicid\w* | take\s+my\s+(own\s+)?life
    | (want|wanna|going)\s+to\s+die | hurt(ing)?\s+my\s?self | self[-\s]?harm | better\s+off\s+dead
    | (no|any)\s+reason\s+to\s+(keep\s+)?(live|living|go\s+on|be\s+alive)
    | (don'?t|do\s+not|dont)\s+want\s+to\s+(live|be\s+alive|be\s+here\s+anymore)
    | chest\s+(pain|pains|is\s+tight|tightness|pressure) | heart\s+attack
    | can'?t\s+breathe? | cannot\s+breathe | struggling\s+to\s+breathe
    | face\s+(is\s+)?droop\w* | slurr\w+\s+(speech|words) | (having|having\s+a)\s+stroke
    | (foot|toe|toes|wound|sore)\s+(is\s+|are\s+|has\s+|have\s+)?(turn(ed|ing)\s+)?black
    )\b
    """,
    re.IGNORECASE | re.VERBOSE,
)


def is_unmistakable_emergency(text: str) -> bool:
    return bool(EMERGENCY_PHRASES.search(text or ""))
