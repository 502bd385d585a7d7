"""False alerts per 100 non-concerns, across authors: the alert rate a lead lives with.

    .venv/bin/python bench/alert_rate.py --fold real-af,real-b --fold real-ag,real-c \
        --also probe-ai --show real-af

Per fold, the learned layer (similar.py) is trained without the fold's sets (as in
bench/safeguarding_folds.py); each held-out set, and each `--also` set in every fold, is
screened. Per set: non-concerns, false alerts on them (and per 100), alerts on concerns
labelled `check`, true alerts, alert precision, alert precision at 10% concerns (the same
rates re-weighted), flag recall. `--show` prints the false alerts of the named sets (only
sets you may read), with the held-out layer's probability; `--bands` counts alerts by that
probability, totals only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import folds  # noqa: E402
from bench.cross_author import shipped_training  # noqa: E402
from voices.coding import safeguarding, similar  # noqa: E402
from voices.coding.lexicon import default_lexicon  # noqa: E402

BANDS = (0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 1.01)
KINDS = ("true", "false", "check")  # alert on a concern labelled alert, a non-concern, a check


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def score(path: Path, model: similar.Model, show: bool, bands: Counter, probe: bool) -> Counter:
    lexicon = default_lexicon()
    counts: Counter = Counter()
    for record in read(path):
        if record.get("safeguarding") is None:
            continue
        signal = safeguarding.screen(record["text"], lexicon, "high", model)
        concern = bool(record["safeguarding"])
        counts["concerns" if concern else "non"] += 1
        counts["flagged"] += concern and signal.flag
        counts["should"] += concern and record.get("safeguarding_tier") != "check"
        if not signal.alert:
            continue
        tier = record.get("safeguarding_tier")
        kind = "false" if not concern else "check" if tier == "check" else "true"
        counts[kind] += 1
        p = model.probability(record["text"])
        if not probe:
            bands[(kind, next(b for b in BANDS if p < b))] += 1
        if show and kind != "true":
            alerts = [f"{r.category}:{r.words!r}" for r in signal.reasons if r.tier == "alert"]
            print(f"  {kind.upper():<5} p={p:.3f} {record['id']} {' '.join(alerts)}")
            print(f"        {record['text']}")
    return counts


def line(name: str, c: Counter) -> str:
    alerts = c["true"] + c["false"] + c["check"]
    rate = 100 * c["false"] / max(1, c["non"])
    # Precision at 10% concerns: the concern-side rates kept, the non-concerns weighed 9:1.
    concern_rate = (c["true"], c["check"])
    per = [x / max(1, c["concerns"]) for x in concern_rate]
    p10 = per[0] / max(1e-9, per[0] + per[1] + 9 * c["false"] / max(1, c["non"]))
    return (
        f"{name:<16}{c['non']:>6}{c['false']:>7}{rate:>8.1f}{c['check']:>7}{c['true']:>7}"
        f"{c['true'] / max(1, alerts):>8.3f}{p10:>8.3f}{c['true'] / max(1, c['should']):>8.3f}"
        f"{c['flagged'] / max(1, c['concerns']):>8.3f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    folds.add_arguments(parser)
    parser.add_argument("--show", default="", help="comma-separated sets whose false alerts print")
    parser.add_argument("--bands", action="store_true", help="alerts by the layer's probability")
    args = parser.parse_args()
    held_out, also = folds.chosen(args)
    shown = {folds.data_file(n) for n in args.show.split(",") if n}
    rows: dict[str, Counter] = {}
    bands: Counter = Counter()
    for held in held_out:
        model = similar.train(
            (r["text"], bool(r["safeguarding"]))
            for path in shipped_training()
            if path.resolve() not in held
            for r in read(path)
            if r.get("safeguarding") is not None
        )
        for path in held + also:
            counts = score(path, model, path in shown, bands, path in also)
            rows.setdefault(path.stem, Counter()).update(counts)
    columns = (("FA", 7), ("FA/100", 8), ("chk", 7), ("TA", 7), ("P", 8), ("P@10%", 8))
    columns += (("alertR", 8), ("R", 8))
    print(f"{'set':<16}{'non':>6}" + "".join(f"{c:>{w}}" for c, w in columns))
    held_names = {p.stem for fold in held_out for p in fold}
    for group in (held_names, {p.stem for p in also}):
        for name in sorted(group):
            print(line(name, rows[name]))
        if group:
            print(line("  total", sum((rows[n] for n in group), Counter())))
    if args.bands:
        print("held-out real sets' alerts by the layer's probability (below): " + " ".join(KINDS))
        for b in BANDS:
            print(f"  <{b:<5}" + "".join(f"{bands[(k, b)]:>6}" for k in KINDS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
