"""Split the CLINC dev file: every other row becomes out-of-scope training data, the rest
is kept for tuning the fallback threshold. Run once; the outputs are committed.

    .venv/bin/python scripts/split_clinc_dev.py
"""

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
rows = list(
    csv.DictReader((ROOT / "tests/data/clinc_oos_dev.tsv").open(newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
)
train, tune = rows[0::2], rows[1::2]

lines = [
    'version: "3.1"',
    "",
    "# Out-of-scope queries from CLINC150 (CC BY 3.0): tests/data/CLINC_LICENSE.md",
    "nlu:",
    "  - intent: out_of_scope",
    "    examples: |",
]
lines += [f"      - {row['text']}" for row in train]
(ROOT / "data/en/nlu/out_of_scope_clinc.yml").write_text("\n".join(lines) + "\n")

with (ROOT / "tests/data/clinc_oos_tune.tsv").open("w", newline="") as f:
    writer = csv.writer(f, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\", lineterminator="\n")
    writer.writerow(["text", "clinc_label"])
    writer.writerows([row["text"], row["clinc_label"]] for row in tune)
print(f"{len(train)} training examples, {len(tune)} tuning rows")
