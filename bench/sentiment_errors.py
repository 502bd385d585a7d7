"""The sentiment layer's errors on authors it has not seen, to read them.

    .venv/bin/python bench/sentiment_errors.py real-af,real-ag               # errors of af, ag
    .venv/bin/python bench/sentiment_errors.py real-af --without real-b,real-e --totals

The learned layer is retrained in memory on the shipped training files minus the named sets
(and minus --without, to hold out a whole fold as bench/sentiment_folds.py does); the rules'
readings use the shipped screen. Per set it prints the accuracy and the confusion matrix
(rows: the person's label; columns: ours), then, without --totals, each error with the
rules' own label and polarity, the shape around the last "but" and GT when a hard past was
got through. It is for sets the reader may read; say in the docs which were read and which
only measured. Measuring-only sets (golden.MEASURING_ONLY) are refused.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cross_author import shipped_training  # noqa: E402
from bench.folds import data_file  # noqa: E402
from bench.sentiment_folds import reading  # noqa: E402
from voices.coding import sentiment_model  # noqa: E402
from voices.coding.sentiment_lexicon import default_lexicon  # noqa: E402

Example = tuple[str, sentiment_model.Reading, str]


def examples(path: Path) -> list[Example]:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [(r["text"], reading(r["text"]), r["sentiment"]) for r in rows if r.get("sentiment")]


def label(model: sentiment_model.Model, text: str, read: sentiment_model.Reading) -> str:
    """The label analyse() gives: the layer's, unless it would erase a strongly felt one."""
    learned = model.label(text, read)
    keep = learned == "neutral" and abs(read.polarity) >= default_lexicon().settings.strong
    return read.label if keep else learned


def report(name: str, rows: list[Example], model: sentiment_model.Model, show: bool) -> None:
    confusion: Counter[tuple[str, str]] = Counter()
    errors = []
    for text, read, truth in rows:
        ours = label(model, text, read)
        confusion[truth, ours] += 1
        if ours != truth:
            errors.append((truth, ours, read, text))
    right = sum(confusion[y, y] for y in sentiment_model.LABELS)
    print(f"{name}: accuracy {right / max(1, len(rows)):.3f} on {len(rows)}")
    print("  person\\ours " + " ".join(f"{y[:4]:>5}" for y in sentiment_model.LABELS))
    for truth in sentiment_model.LABELS:
        cells = " ".join(f"{confusion[truth, ours]:>5}" for ours in sentiment_model.LABELS)
        print(f"  {truth:>10} {cells}")
    for truth, ours, read, text in sorted(errors, key=lambda e: (e[0], e[1], e[2].polarity)):
        if show:
            turned = " GT" if read.got_through else ""
            shape = f"rules={read.label[:3]} {read.polarity:+.2f} {read.around_but}{turned}"
            print(f"  [{truth[:3]}->{ours[:3]} {shape}] {text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", help="comma-separated labelled sets to hold out and read")
    parser.add_argument("--without", default="", help="more sets to leave out of training")
    parser.add_argument("--totals", action="store_true", help="counts only, no texts")
    args = parser.parse_args(argv)
    held = [data_file(n) for n in args.sets.split(",") if n]
    left_out = {*held, *(data_file(n) for n in args.without.split(",") if n)}
    model = sentiment_model.train(
        e for path in shipped_training() if path.resolve() not in left_out for e in examples(path)
    )
    for path in held:
        report(path.stem, examples(path), model, not args.totals)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
