"""Train the crisis detector's classifier from data/en/crisis/*.tsv into build/.

    python -m bot.safety.build            # what `make` runs when the examples change

The examples are messages, labelled with a crisis category or `routine`. The detector scores a
message a passage at a time (each sentence with its neighbours, and windows of long ones), so
each sentence of a routine example is also taught as routine (teaching its passages instead was
tried on the dev files and did no better); a crisis example is taught whole, since only one of
its sentences may be the crisis. A routine example that an unmistakable phrase fires on is left out:
the phrase decides it at run time, and the classifier should not learn those words as routine.
The settings were chosen on the dev files (`scripts/crisis_eval.py --tune`), never on the
held-out test files.
"""

from __future__ import annotations

import argparse
import csv
import re
from dataclasses import replace
from pathlib import Path

import numpy as np

from bot.language.en import crisis_phrases
from bot.language.minilm import shared_encoder
from bot.language.ngrams import CHARACTERS, WORDS, Ngrams
from bot.safety.crisis import (
    CATEGORIES,
    CHARACTER_NGRAMS,
    DETECTOR_FILE,
    ROUTINE,
    WORD_NGRAMS,
    CrisisClassifier,
    LexicalModel,
)
from bot.settings import PROJECT_ROOT

EXAMPLES = PROJECT_ROOT / "data" / "en" / "crisis"  # every *.tsv in it
NLU_DATA = PROJECT_ROOT / "data" / "en" / "nlu"
RESPONSES = PROJECT_ROOT / "data" / "en" / "responses"
_APOSTROPHES = re.compile("['\u2019]")
NOT_ROUTINE_INTENTS = {"emergency"}  # every other NLU example is everyday clinic talk
C = 10.0  # the SVM's regularisation
LEXICAL_C = 10.0  # the lexical model's
LEXICAL_WEIGHT = 0.3  # how much the lexical model's score counts beside the SVM's
THRESHOLD = -0.8  # the score of a passage at or above which the message is a crisis (chosen for recall on dev3-dev9)


def read_examples(folder: Path = EXAMPLES) -> list[tuple[str, str]]:
    """(category, text) rows of every TSV file in `folder`, each text once; fails on an
    unknown category or on a text given two different categories."""
    found: dict[str, tuple[str, str]] = {}  # lower-cased text -> (category, text)
    for path in sorted(folder.glob("*.tsv")):
        with path.open(newline="", encoding="utf-8") as file:
            for row in csv.DictReader(file, delimiter="\t"):
                category, text = row["category"].strip(), " ".join(row["text"].split())
                if category not in (*CATEGORIES, ROUTINE):
                    raise ValueError(f"{path}: unknown category {category!r}")
                known = found.setdefault(text.lower(), (category, text))[0]
                if known != category:
                    raise ValueError(f"{path}: {text!r} is both {known} and {category}")
    return list(found.values())


def nlu_examples(folder: Path = NLU_DATA) -> list[tuple[str, str]]:
    """(intent, text) of every NLU training example in `folder` ("faq/safety" for a FAQ topic)."""
    import yaml

    rows = []
    for path in sorted(folder.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            intent = str(block.get("intent") or "")
            if not intent:
                continue
            for line in str(block.get("examples") or "").splitlines():
                text = line.strip().removeprefix("- ").strip()
                if text:
                    rows.append((intent, text))
    return rows


def routine_nlu_examples(folder: Path = NLU_DATA) -> list[tuple[str, str]]:
    """The NLU training examples of every intent but `emergency`, as routine rows."""
    return [(ROUTINE, text) for intent, text in nlu_examples(folder) if intent.split("/")[0] not in NOT_ROUTINE_INTENTS]


def button_titles(folder: Path = RESPONSES) -> list[tuple[str, str]]:
    """The title of every button the assistant offers, as routine rows: patients type them too."""
    import yaml

    titles: set[str] = set()
    for path in sorted(folder.glob("*.yml")):
        for variations in ((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}).values():
            for variation in variations or []:
                titles.update(str(button["title"]) for button in (variation or {}).get("buttons") or [])
    return [(ROUTINE, title) for title in sorted(titles)]


def typed_without_apostrophes(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each routine row as it is often typed on a phone, without apostrophes ("i dont have it")."""
    return [(ROUTINE, _APOSTROPHES.sub("", text)) for category, text in rows if _APOSTROPHES.search(text)]


def training_rows() -> list[tuple[str, str]]:
    """Every example the classifier learns from: the crisis files, the NLU examples and the
    button titles (each routine one also without its apostrophes), and each piece of a routine
    example (see the module's docstring)."""
    rows, seen = [], set()
    everyday = routine_nlu_examples() + button_titles()
    for category, text in read_examples() + everyday + typed_without_apostrophes(everyday):
        pieces = crisis_phrases.pieces(text)
        if category == ROUTINE and any(crisis_phrases.unmistakable(piece) for piece in pieces):
            continue
        for example in [text, *(pieces if category == ROUTINE and len(pieces) > 1 else [])]:
            if example.lower() not in seen:
                seen.add(example.lower())
                rows.append((category, example))
    return rows


def train(
    rows: list[tuple[str, str]], c: float = C, lexical_weight: float = LEXICAL_WEIGHT, threshold: float = THRESHOLD
) -> CrisisClassifier:
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import SVC

    texts = [text for _, text in rows]
    vectors = shared_encoder().sentence_vectors(texts)
    labels = np.array([category for category, _ in rows])
    is_crisis = (labels != ROUTINE).astype(int)
    svm = SVC(C=c, kernel="rbf", gamma="scale").fit(vectors, is_crisis)
    lexical = LexicalModel(
        Ngrams.fit(texts, *WORD_NGRAMS, min_count=2, kind=WORDS),
        Ngrams.fit(texts, *CHARACTER_NGRAMS, min_count=2, kind=CHARACTERS),
        np.zeros(0, np.float32),
        0.0,
    )
    words_and_letters = LogisticRegression(C=LEXICAL_C, max_iter=5000, random_state=0).fit(
        lexical.features(texts), is_crisis
    )
    lexical = replace(
        lexical, weights=words_and_letters.coef_[0].astype(np.float32), bias=float(words_and_letters.intercept_[0])
    )
    crisis = is_crisis.astype(bool)
    kinds = LogisticRegression(C=10.0, max_iter=5000, random_state=0).fit(vectors[crisis], labels[crisis])
    return CrisisClassifier(
        support_vectors=svm.support_vectors_.astype(np.float32),
        dual_coefficients=svm.dual_coef_[0].astype(np.float32),
        intercept=float(svm.intercept_[0]),
        gamma=float(svm._gamma),
        lexical=lexical,
        lexical_weight=lexical_weight,
        threshold=threshold,
        categories=tuple(str(label) for label in kinds.classes_),
        category_weights=kinds.coef_.astype(np.float32),
        category_bias=kinds.intercept_.astype(np.float32),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DETECTOR_FILE)
    args = parser.parse_args()
    rows = training_rows()
    train(rows).save(args.out)
    print(f"crisis detector: {len(rows)} examples -> {args.out}")


if __name__ == "__main__":
    main()
