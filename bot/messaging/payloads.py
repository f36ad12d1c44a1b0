"""What a patient's message may carry into the assistant when it starts with "/".

Rasa reads "/intent" as that intent, and "/intent{"slot": "value"}" as the intent with those
entities, which would fill slots (a name, a phone number, a crisis category) without the
NLU. The widget's buttons send "/affirm", "/book_appointment" and the like, so those exact
payloads pass; anything else has its leading slashes removed and is read as the words it is
("/ my name is Mary" -> "my name is Mary"). Rasa then never logs a warning quoting it either.
"""

from __future__ import annotations

import re
from collections.abc import Collection

_LEADING_SLASHES = re.compile(r"^\s*(?:/\s*)+")


def from_client(text: str, intents: Collection[str]) -> str:
    """`text` as the assistant may read it, given the intents a button may name."""
    stripped = text.strip()
    if stripped.startswith("/") and stripped[1:] in intents:
        return stripped
    return _LEADING_SLASHES.sub("", text)
