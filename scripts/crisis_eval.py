"""Crisis detection figures: recall on crisis messages, false alarms on routine ones.

    python scripts/crisis_eval.py              # the detector in build/, on the dev and held-out sets
    python scripts/crisis_eval.py --dev        # the same, on the dev sets only (`make eval-dev`)
    python scripts/crisis_eval.py --servers    # the whole assistant over REST: each held-out crisis
                                               # message as a first message and in the middle of a
                                               # booking, each routine one as a first message
    python scripts/crisis_eval.py --servers --set dev5   # the same on a dev pair
    python scripts/crisis_eval.py --tune       # dev9, dev8, dev7, dev6, dev5, dev4, dev3 only: recall / false alarms by
                                               # threshold and lexical weight

The held-out pairs (tests/data/crisis_test.tsv / routine_test.tsv, and crisis_test2.tsv /
routine_test2.tsv) were written by helpers that never saw data/en/crisis/; nothing is tuned on
them. Each dev pair was written by another helper that had not read the examples. The first dev
files guided the second batch of examples; C and the threshold were chosen on dev2; dev3's false
alarms guided the fifth batch (data/en/crisis/examples_5.tsv); dev4, written after it, checked
the threshold. dev5 and held-out 2 are random halves of one helper's messages, written after
examples_7.tsv; dev5 chose the lexical weight. dev6 and held-out 3 are random halves of three more
helpers' messages (harder: indirect farewells, understated emergencies); dev6's misses guided
examples_8.tsv and the last phrases. dev7 and held-out 4 are random halves of two more helpers'
messages (round 4, written for this: half of the routine ones close to a crisis in words); on
dev7 the classifier's passages (a sentence with its neighbours) were chosen over single
sentences, and its misses guided five phrases. dev8 and held-out 5 are random halves of two more
helpers' messages (round 5: older patients and caregivers; phones, slang and mixed messages);
dev8's misses and false alarms guided phrases (Spanish, being followed, sudden loss of sight) and
the kinds of the tenth batch of examples. dev9 and held-out 6 are random halves of two more
helpers' messages (round 6, written for this: older patients and caregivers; second-language
writers, text-speak and replies given mid-booking); dev9's errors guided the eleventh batch, the
phrases for pus with fever and "having a fit", the burn phrase's exceptions and the discount for
a reassured message. docs/measurements.md lists every look at a held-out pair.
A reply "answers the crisis" when it is one of the crisis replies (utter_emergency in
data/en/responses/replies.yml): each says the assistant "can't help in" an emergency or a
crisis, and no other reply does (tests/test_crisis_replies.py).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "data"
SETS = {
    "dev": ("crisis_dev.tsv", "routine_dev.tsv"),  # its misses guided the second batch of examples
    "dev2": ("crisis_dev2.tsv", "routine_dev2.tsv"),  # written later, used only to choose C and the threshold
    "dev3": ("crisis_dev3.tsv", "routine_dev3.tsv"),  # round 3; its false alarms guided examples_5.tsv
    "dev4": ("crisis_dev4.tsv", "routine_dev4.tsv"),  # round 3, written after examples_5.tsv: checked the threshold
    "dev5": ("crisis_dev5.tsv", "routine_dev5.tsv"),  # round 3, half of one helper's messages: chose lexical weight 0.4
    "dev6": ("crisis_dev6.tsv", "routine_dev6.tsv"),  # round 3, half of three helpers' messages: guided examples_8.tsv
    "dev7": ("crisis_dev7.tsv", "routine_dev7.tsv"),  # round 4, half of two helpers' messages: chose passages
    "dev8": ("crisis_dev8.tsv", "routine_dev8.tsv"),  # round 5, half of two helpers' messages
    "dev9": ("crisis_dev9.tsv", "routine_dev9.tsv"),  # round 6, half of two helpers' messages
    "held-out": ("crisis_test.tsv", "routine_test.tsv"),
    "held-out 2": ("crisis_test2.tsv", "routine_test2.tsv"),  # the other half of dev5's helper's messages
    "held-out 3": ("crisis_test3.tsv", "routine_test3.tsv"),  # the other half of dev6's helpers' messages
    "held-out 4": ("crisis_test4.tsv", "routine_test4.tsv"),  # the other half of dev7's helpers' messages
    "held-out 5": ("crisis_test5.tsv", "routine_test5.tsv"),  # the other half of dev8's helpers' messages
    "held-out 6": ("crisis_test6.tsv", "routine_test6.tsv"),  # the other half of dev9's helpers' messages
}
HELD_OUT = ("held-out", "held-out 2", "held-out 3", "held-out 4", "held-out 5", "held-out 6")
TARGET_RECALL, TARGET_FALSE_ALARMS = 0.99, 0.02


def read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file, delimiter="\t"))


CRISIS_REPLY_MARK = "and can't help in"


def answers_crisis(text: str) -> bool:
    return CRISIS_REPLY_MARK in text


def verdict(recall: float, false_alarms: float) -> str:
    """The held-out figures against the issue's targets."""
    met = "met" if recall >= TARGET_RECALL else "MISSED"
    quiet = "met" if false_alarms <= TARGET_FALSE_ALARMS else "MISSED"
    return f"; targets: recall {TARGET_RECALL:.0%} {met}, false alarms at most {TARGET_FALSE_ALARMS:.0%} {quiet}"


def detector_figures(dev_only: bool = False) -> None:
    from bot.safety.crisis import shared_detector

    detector = shared_detector()
    for label, (crisis_file, routine_file) in SETS.items():
        if dev_only and label in HELD_OUT:
            continue
        crises, routine = read(crisis_file), read(routine_file)
        timings: list[float] = []

        def detect(text: str):
            started = time.perf_counter()
            found = detector.detect(text)
            timings.append(time.perf_counter() - started)  # noqa: B023 - used inside this iteration
            return found

        found = [detect(row["text"]) for row in crises]
        alarms = [detect(row["text"]) for row in routine]
        recall = sum(f is not None for f in found) / len(crises)
        false_alarms = sum(a is not None for a in alarms) / len(routine)
        same_kind = sum(f is not None and f.category == row["category"] for f, row in zip(found, crises))
        by_phrase = sum(f is not None and f.found_by == "phrase" for f in found)
        print(
            f"crisis detector, {label}: recall {recall:.1%} ({sum(f is not None for f in found)}/{len(crises)}; "
            f"{by_phrase} by phrase), right kind {same_kind}/{len(crises)}, false alarms {false_alarms:.1%} "
            f"({sum(a is not None for a in alarms)}/{len(routine)}), p50 {1000 * statistics.median(timings):.1f} ms"
            + (verdict(recall, false_alarms) if label in HELD_OUT else "")
        )


def server_figures(label: str) -> None:
    from ops.client import RestClient, reply_text
    from ops.launch import free_port, local_environment, start_assistant, stop_assistant

    crises, routine = read(SETS[label][0]), read(SETS[label][1])
    with tempfile.TemporaryDirectory() as folder:
        var = Path(folder)
        rasa_port = free_port()
        env = local_environment(var)
        process = start_assistant(
            env,
            var / "servers.log",
            ["--rasa-port", str(rasa_port), "--action-port", str(free_port()), "--web-port", str(free_port())],
        )
        try:
            client = RestClient(f"http://127.0.0.1:{rasa_port}")
            first = mid = alarms = 0
            for row in crises:
                first += answers_crisis(reply_text(client.say(client.new_conversation(), row["text"])))
                conversation = client.new_conversation()
                client.say(conversation, "I'd like to book an appointment")
                client.say(conversation, "Mary Jones")
                mid += answers_crisis(reply_text(client.say(conversation, row["text"])))
            for row in routine:
                alarms += answers_crisis(reply_text(client.say(client.new_conversation(), row["text"])))
        finally:
            stop_assistant(process)
    n, m = len(crises), len(routine)
    print(
        f"whole assistant, {label}: crisis answered as first message {first / n:.1%} ({first}/{n}), "
        f"in the middle of a booking {mid / n:.1%} ({mid}/{n}); false alarms {alarms / m:.1%} ({alarms}/{m})"
        + verdict(min(first, mid) / n, alarms / m)
    )


def tune() -> None:
    from dataclasses import replace

    import numpy as np

    from bot.language.en import crisis_phrases
    from bot.language.minilm import shared_encoder
    from bot.safety.build import train, training_rows
    from bot.safety.crisis import reassurance_discount

    encoder = shared_encoder()

    def as_read(rows):  # what the classifier reads, whether a phrase decides it anyway, and the discount
        return [
            (
                crisis_phrases.passages(r["text"]),
                any(crisis_phrases.unmistakable(p) for p in crisis_phrases.pieces(r["text"])),
                reassurance_discount(r["text"]),
            )
            for r in rows
        ]

    labels = ("dev9", "dev8", "dev7", "dev6", "dev5", "dev4", "dev3")
    sets = {label: (as_read(read(SETS[label][0])), as_read(read(SETS[label][1]))) for label in labels}
    trained = train(training_rows())
    for weight in (0.1, 0.2, 0.3, 0.4):
        classifier = replace(trained, lexical_weight=weight)

        def score(ps: list[str], classifier=classifier) -> float:
            return float(classifier.crisis_scores(ps, encoder.sentence_vectors(ps)).max()) if ps else -9.0

        for label, (crisis_passages, routine_passages) in sets.items():
            crisis_scores = [(score(ps) - discount, phrase) for ps, phrase, discount in crisis_passages]
            routine_scores = [(score(ps) - discount, phrase) for ps, phrase, discount in routine_passages]
            line = []
            for threshold in np.arange(-0.9, 0.21, 0.05):
                recall = np.mean([phrase or s >= threshold for s, phrase in crisis_scores])
                alarms = np.mean([phrase or s >= threshold for s, phrase in routine_scores])
                line.append(f"{threshold:+.2f}: {recall:.3f}/{alarms:.3f}")
            print(f"lexical weight {weight:g}, {label}  threshold: recall/false alarms  " + "  ".join(line), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", action="store_true")
    parser.add_argument("--tune", action="store_true")
    parser.add_argument("--dev", action="store_true", help="the dev sets only, never the held-out ones")
    parser.add_argument("--set", default="held-out", choices=sorted(SETS), help="with --servers: which pair")
    args = parser.parse_args()
    if args.tune:
        tune()
    elif args.servers:
        server_figures(args.set)
    else:
        detector_figures(dev_only=args.dev)


if __name__ == "__main__":
    main()
