"""Safeguarding only, across authors, in seconds: per fold, train the learned layer
(similar.py) without the fold's sets, screen them and the `--also` sets, print totals.

    .venv/bin/python bench/safeguarding_folds.py --fold real-b,real-c --fold real-d,real-g \
        --also probe-p,probe-q,probe-r,probe-s

The screen's figures depend only on its rules and that layer (sentiment and themes read the
screen, not the other way round), so this gives bench/cross_author.py's "alert P", "flag R"
and "false flags" columns without retraining the other layers. Totals only, never an answer.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import flag_layers, folds  # noqa: E402
from bench.cross_author import shipped_training  # noqa: E402
from voices.coding import safeguarding, similar  # noqa: E402
from voices.coding.lexicon import default_lexicon  # noqa: E402


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def score(
    path: Path, model: similar.Model, tally: Counter | None = None, kind: str = ""
) -> tuple[float, float, int, int]:
    """Flag recall, alert precision, false flags, concerns missed; each flag counted by
    layer in `tally` when given."""
    lexicon = default_lexicon()
    tp = missed = false = true_alerts = false_alerts = 0
    for record in read(path):
        signal = safeguarding.screen(record["text"], lexicon, "high", model)
        concern = bool(record.get("safeguarding"))
        tp += concern and signal.flag
        missed += concern and not signal.flag
        false += signal.flag and not concern
        if tally is not None and signal.flag:
            flag_layers.count(tally, kind, record["text"], concern, signal, lexicon, model)
        if signal.alert:
            alert = concern and record.get("safeguarding_tier") in ("alert", None)
            true_alerts += alert
            false_alerts += not alert
    recall = tp / max(1, tp + missed)
    return recall, true_alerts / max(1, true_alerts + false_alerts), false, missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    folds.add_arguments(parser)
    parser.add_argument(
        "--layers", action="store_true", help="also count flags by layer, tier and category"
    )
    args = parser.parse_args()
    tally: Counter | None = Counter() if args.layers else None
    held_out, also = folds.chosen(args)
    held_rows, also_rows = [], {p.stem: [] for p in also}
    print(f"{'held out':<22}{'flag R':>10}{'alert P':>10}{'false':>8}{'missed':>8}")
    for held in held_out:
        examples = [
            (r["text"], bool(r["safeguarding"]))
            for path in shipped_training()
            if path.resolve() not in held
            for r in read(path)
            if r.get("safeguarding") is not None
        ]
        model = similar.train(examples)
        for path in held:
            row = score(path, model, tally, "real")
            held_rows.append(row)
            print(f"{path.stem:<22}{row[0]:>10.3f}{row[1]:>10.3f}{row[2]:>8}{row[3]:>8}")
        fold_probes = [score(path, model, tally, "probe") for path in also]
        for path, row in zip(also, fold_probes, strict=True):
            also_rows[path.stem].append(row)
        if fold_probes:
            false = [row[2] for row in fold_probes]
            missed = sum(row[3] for row in fold_probes)
            print(f"{'  probes: sum/max/missed':<22}{sum(false):>10}{max(false):>10}{missed:>8}")
    means = [statistics.fmean(c) for c in zip(*held_rows, strict=True)]
    sums = [sum(c) for c in zip(*held_rows, strict=True)]
    print(f"{'mean / total':<22}{means[0]:>10.3f}{means[1]:>10.3f}{sums[2]:>8}{sums[3]:>8}")
    for name, rows in also_rows.items():
        med = [statistics.median(c) for c in zip(*rows, strict=True)]
        print(f"{name + ' (median)':<22}{med[0]:>10.3f}{med[1]:>10.3f}{med[2]:>8g}{med[3]:>8g}")
    if tally is not None:
        flag_layers.report(tally)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
