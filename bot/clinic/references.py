"""Short appointment reference codes that survive being read aloud or typed on a phone."""

from __future__ import annotations

import secrets

# No 0/O, 1/I/L, 5/S, 2/Z or 8/B: each pair looks alike in some font or handwriting.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
LENGTH = 6

_IGNORED = str.maketrans("", "", "-_.#")


def new_reference() -> str:
    """A fresh random reference code with at least one digit, e.g. 'K7QDMX'.

    The digit keeps a code from ever reading as a word ("AGREED" is not a code), so a message
    that is only a code can be recognised as one (see `looks_like_a_code`).
    """
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if any(char.isdigit() for char in code):
            return code


def normalize_reference(text: str) -> str:
    """Uppercase and drop spaces, dashes, dots and '#': ' k7q-dmx ' -> 'K7QDMX'.

    Look-alike characters are not guessed: none of 0/O, 1/I/L, 5/S, 2/Z, 8/B is in the alphabet,
    so each could stand for several letters and the code is simply not valid.
    """
    return "".join(text.upper().split()).translate(_IGNORED)


def is_valid_reference(text: str) -> bool:
    """True when `text`, once normalized, is a well-formed reference code."""
    code = normalize_reference(text)
    return len(code) == LENGTH and all(char in ALPHABET for char in code)


def looks_like_a_code(text: str) -> bool:
    """True when the whole message is a reference code as new_reference() makes them."""
    return is_valid_reference(text) and any(char.isdigit() for char in text)
