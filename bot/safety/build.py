"""Train the crisis detector's classifier from data/crisis/*.tsv into build/.

    python -m bot.safety.build            # what `make` runs when the examples change

The examples are one sentence each, labelled with a crisis category or `routine`. The
regularisation and the threshold were chosen on tests/data/crisis_dev.tsv and
routine_dev.tsv (`scripts/crisis_eval.py --tune`), never on the held-out test files.
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np

from bot.language.minilm import shared_encoder
from bot.safety.crisis import CATEGORIES, DETECTOR_FILE, ROUTINE, CrisisClassifier
from bot.settings import PROJECT_ROOT

EXAMPLES = PROJECT_ROOT / "data" / "crisis"  # every *.tsv in it
NLU_DATA = PROJECT_ROOT / "data" / "nlu"
NOT_ROUTINE_INTENTS = {"emergency"}  # every other NLU example is everyday clinic talk
C = 10.0  # the SVM's regularisation
THRESHOLD = -0.2  # the SVM score of a piece at or above which the message is a crisis (favours recall)


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


def routine_nlu_examples(folder: Path = NLU_DATA) -> list[tuple[str, str]]:
    """The NLU training examples of every intent but `emergency`, as routine rows."""
    import yaml

    rows = []
    for path in sorted(folder.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            intent = str(block.get("intent") or "")
            if not intent or intent.split("/")[0] in NOT_ROUTINE_INTENTS:
                continue
            for line in str(block.get("examples") or "").splitlines():
                text = line.strip().removeprefix("- ").strip()
                if text:
                    rows.append((ROUTINE, text))
    return rows


def train(rows: list[tuple[str, str]], c: float = C, threshold: float = THRESHOLD) -> CrisisClassifier:
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import SVC

    vectors = shared_encoder().sentence_vectors([text for _, text in rows])
    labels = np.array([category for category, _ in rows])
    is_crisis = labels != ROUTINE
    svm = SVC(C=c, kernel="rbf", gamma="scale").fit(vectors, is_crisis.astype(int))
    kinds = LogisticRegression(C=10.0, max_iter=5000, random_state=0).fit(vectors[is_crisis], labels[is_crisis])
    return CrisisClassifier(
        support_vectors=svm.support_vectors_.astype(np.float32),
        dual_coefficients=svm.dual_coef_[0].astype(np.float32),
        intercept=float(svm.intercept_[0]),
        gamma=float(svm._gamma),
        threshold=threshold,
        categories=tuple(str(label) for label in kinds.classes_),
        category_weights=kinds.coef_.astype(np.float32),
        category_bias=kinds.intercept_.astype(np.float32),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DETECTOR_FILE)
    args = parser.parse_args()
    rows = read_examples() + routine_nlu_examples()
    train(rows).save(args.out)
    print(f"crisis detector: {len(rows)} examples -> {args.out.relative_to(PROJECT_ROOT)}")


if __name__ == "__main__":
    main()
