"""The screen's misses on authors its learned layer has not seen, to read them.

    .venv/bin/python bench/recall_misses.py real-h,real-i            # misses of h and i
    .venv/bin/python bench/recall_misses.py real-h,real-i --totals   # counts only
    .venv/bin/python bench/recall_misses.py real-d,real-g --also probe-q,probe-r --totals

Like bench/cross_author.py, but only the screen's learned layer is retrained (in memory,
on the shipped training files minus the held-out ones): the flag and its tier depend on
nothing else, so the figures match that bench's "flag R" and "alert P" columns in
seconds. Without --totals it prints each missed concern (id, tier, text), so it is for
sets the reader may read; say in the docs which were read and which only measured.
Measuring-only sets (golden.MEASURING_ONLY) are refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cross_author import shipped_training  # noqa: E402
from bench.folds import data_file  # noqa: E402
from voices.coding import similar  # noqa: E402
from voices.coding.labelled import read_labelled  # noqa: E402
from voices.coding.safeguarding import default_lexicon, screen  # noqa: E402


def held_out_model(held: list[Path]) -> similar.Model:
    examples = [
        (item.text, item.safeguarding)
        for path in shipped_training()
        if path.resolve() not in held
        for item in read_labelled(path, "shanarri")
        if item.safeguarding is not None
    ]
    return similar.train(examples)


def measure(path: Path, model: similar.Model, show: bool) -> tuple[int, int, int, int, int]:
    """(concerns, missed, false flags, alerts, true alerts) for one file."""
    lexicon = default_lexicon()
    concerns = missed = false_flags = alerts = true_alerts = 0
    for item in read_labelled(path, "shanarri"):
        if item.safeguarding is None:
            continue
        signal = screen(item.text, lexicon, "high", model)
        alert_truth = item.safeguarding_tier == "alert" or (
            item.safeguarding and item.safeguarding_tier is None
        )
        alerts += signal.alert
        true_alerts += signal.alert and alert_truth
        if item.safeguarding:
            concerns += 1
            if not signal.flag:
                missed += 1
                if show:
                    print(f"  MISS {item.id} [{item.safeguarding_tier}] {item.text}")
        elif signal.flag:
            false_flags += 1
    return concerns, missed, false_flags, alerts, true_alerts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("held", help="comma-separated sets held out of the learned layer")
    parser.add_argument("--also", default="", help="comma-separated sets also scored")
    parser.add_argument("--totals", action="store_true", help="counts only, no answers")
    args = parser.parse_args()
    held = [data_file(n) for n in args.held.split(",")]
    also = [data_file(n) for n in args.also.split(",") if n]
    model = held_out_model(held)
    for path in held + also:
        concerns, missed, false_flags, alerts, true_alerts = measure(path, model, not args.totals)
        recall = (concerns - missed) / concerns if concerns else 0.0
        precision = true_alerts / alerts if alerts else 0.0
        print(
            f"{path.stem:<10} flag R {recall:.3f} ({missed} of {concerns} missed)  "
            f"alert P {precision:.3f}  false flags {false_flags}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
