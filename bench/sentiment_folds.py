"""Sentiment accuracy across authors, in memory and in seconds: the standard folds' sentiment.

    .venv/bin/python bench/sentiment_folds.py

A quick companion of bench/cross_author.py for the sentiment layer alone: per fold, the
learned layer is retrained on the shipped training files minus the fold's, and the fold's
sets and the probes are scored. The rules' readings use the shipped screen (trained on
every set), so figures differ a little from cross_author.py's; use it to try ideas, and
cross_author.py to judge them. Only totals are printed.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.folds import DATA, PROBES, STANDARD_FOLDS  # noqa: E402
from voices.coding import sentiment, sentiment_model  # noqa: E402
from voices.coding.safeguarding import screen  # noqa: E402
from voices.coding.sentiment_lexicon import default_lexicon  # noqa: E402

FOLDS, ALSO = STANDARD_FOLDS, PROBES


def rows(name: str) -> list[tuple[str, str]]:
    lines = (DATA / f"{name}.jsonl").read_text("utf-8").splitlines()
    found = [json.loads(line) for line in lines if line.strip()]
    return [(r["text"], r["sentiment"]) for r in found if r.get("sentiment")]


def reading(text: str) -> sentiment_model.Reading:
    rules = sentiment.analyse(text, learned=False)
    return sentiment_model.Reading(
        rules.label,
        rules.polarity,
        screen(text).flag,
        rules.got_through,
        rules.around_but,
    )


def main() -> int:
    shipped = json.loads((ROOT / "surveys/coding/sentiment-model.json").read_text("utf-8"))
    training = [Path(n).stem for n in shipped["trained_on"]]
    names = sorted({*training, *(n for f in FOLDS for n in f), *ALSO})
    data = {n: [(t, reading(t), y) for t, y in rows(n)] for n in names}
    strong = default_lexicon().settings.strong

    def accuracy(model: sentiment_model.Model, name: str) -> float:
        right = 0
        for text, read, label in data[name]:
            learned = model.label(text, read)
            keep = learned == "neutral" and abs(read.polarity) >= strong
            right += (read.label if keep else learned) == label
        return right / len(data[name])

    held, probes = {}, {n: [] for n in ALSO}
    for fold in FOLDS:
        model = sentiment_model.train(e for n in training if n not in fold for e in data[n])
        for name in fold:
            held[name] = accuracy(model, name)
        for name in ALSO:
            probes[name].append(accuracy(model, name))
    print("  ".join(f"{n[5:]}={v:.3f}" for n, v in held.items()))
    print("  ".join(f"{n[6:]}={statistics.median(v):.3f}" for n, v in probes.items()))
    print(f"mean of held out {statistics.fmean(held.values()):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
