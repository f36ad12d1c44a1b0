"""Build the project's spaCy pipeline: English tokens, lookup lemmas and entity rules.

No pretrained English pipeline for spaCy 3.4 is on the package registry, so the project
builds its own from `spacy.blank("en")`, the lemma tables of spacy-lookups-data (needed
only here, at build time) and an EntityRuler with the patterns below. Run by `make`:

    .venv/bin/python -m nlu.build_spacy build/spacy-en
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy

CONDITIONS = [
    "neuropathy",
    "peripheral neuropathy",
    "diabetic neuropathy",
    "nueropathy",
    "neuropathey",
    "diabetes",
    "diabetic",
    "sciatica",
    "plantar fasciitis",
    "chemo",
    "chemotherapy",
    "shingles",
    "arthritis",
    "restless legs",
    "carpal tunnel",
]
BODY_PARTS = [
    "foot",
    "feet",
    "toe",
    "toes",
    "heel",
    "heels",
    "ankle",
    "ankles",
    "leg",
    "legs",
    "calf",
    "calves",
    "knee",
    "knees",
    "hand",
    "hands",
    "finger",
    "fingers",
    "wrist",
    "wrists",
    "arm",
    "arms",
    "back",
    "lower back",
    "hip",
    "hips",
    "nerve",
    "nerves",
]
WEEKDAYS = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "weds",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
]


def patterns() -> list[dict]:
    """EntityRuler patterns, matched case-insensitively token by token."""
    rules = []
    for label, phrases in (("condition", CONDITIONS), ("body_part", BODY_PARTS), ("weekday", WEEKDAYS)):
        for phrase in phrases:
            rules.append({"label": label, "pattern": [{"LOWER": word} for word in phrase.split()]})
    return rules


def build() -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    nlp.initialize()  # loads the lemma tables; must come before the ruler gets its patterns
    ruler.add_patterns(patterns())
    return nlp


def main(target: str) -> None:
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    build().to_disk(Path(target))
    print(f"spaCy pipeline written to {target}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build/spacy-en")
