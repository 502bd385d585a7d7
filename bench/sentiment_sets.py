"""Sentiment accuracy across authors' sets, with the learned layer retrained in memory.

    .venv/bin/python bench/sentiment_sets.py [relief=0.2 past=0.4 ...]

Prints, per allowed set, the rules alone (learned=False); then the learned layer trained
on author A's sets only and measured on author B's `real-b` (the cross-author check);
trained on A and B with one of A's sets left out, measured on that set; and, when authors
E's and F's sets are in /work/wt/data, trained on A+B (and one of E, F) and measured on
the other. Settings of sentiment.yaml can be overridden as name=value to try one. Only
totals are printed: no answer of any set is shown. The measuring-only sets (heldout5,
real-c, real-d) are never read here.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from voices.coding import sentiment, sentiment_model
from voices.coding.safeguarding import screen
from voices.coding.sentiment_lexicon import SentimentLexicon, default_lexicon

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "coding"
EXTRA = Path("/work/wt/data")  # authors E and F, when given
AUTHOR_A = ("dev", "tune", "tune2", "heldout", "heldout2", "heldout3", "heldout4")


def path(name: str) -> Path:
    return (EXTRA if name in ("real-e", "real-f") else DATA) / f"{name}.jsonl"


def rows(name: str) -> list[dict]:
    lines = path(name).read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def lexicon(overrides: list[str]) -> SentimentLexicon:
    shipped = default_lexicon()
    found = {k: float(v) for k, v in (a.split("=", 1) for a in overrides)}
    return dataclasses.replace(shipped, settings=dataclasses.replace(shipped.settings, **found))


class Sets:
    def __init__(self, lexicon: SentimentLexicon) -> None:
        self.lexicon = lexicon
        self.readings: dict[str, sentiment_model.Reading] = {}

    def reading(self, text: str) -> sentiment_model.Reading:
        if text not in self.readings:
            rules = sentiment.analyse(text, lexicon=self.lexicon, learned=False)
            flagged = screen(text).flag
            self.readings[text] = sentiment_model.Reading(
                rules.label, rules.polarity, flagged, rules.got_through, rules.around_but
            )
        return self.readings[text]

    def train(self, names: tuple[str, ...]) -> sentiment_model.Model:
        examples = [
            (r["text"], self.reading(r["text"]), r["sentiment"]) for n in names for r in rows(n)
        ]
        return sentiment_model.train(examples)

    def label(self, model: sentiment_model.Model | None, text: str) -> str:
        # As sentiment.analyse: the layer may move a label, not erase a strongly felt one.
        rules = self.reading(text)
        if model is None:
            return rules.label
        learned = model.label(text, rules)
        strong = abs(rules.polarity) >= self.lexicon.settings.strong
        return rules.label if learned == "neutral" and strong else learned

    def accuracy(self, model: sentiment_model.Model | None, name: str) -> float:
        found = rows(name)
        return sum(self.label(model, r["text"]) == r["sentiment"] for r in found) / len(found)


def main(overrides: list[str]) -> None:
    sets = Sets(lexicon(overrides))
    extra = tuple(n for n in ("real-e", "real-f") if path(n).exists())
    for name in (*AUTHOR_A, "real-b", *extra):
        print(f"rules alone       {name:10s} {sets.accuracy(None, name):.3f}")
    print(f"learned A         real-b     {sets.accuracy(sets.train(AUTHOR_A), 'real-b'):.3f}")
    left_out = []
    for name in AUTHOR_A:
        others = tuple(n for n in AUTHOR_A if n != name)
        left_out.append(sets.accuracy(sets.train((*others, "real-b")), name))
    mean = sum(left_out) / len(left_out)
    print(
        f"learned A+B, one A set left out: mean {mean:.3f}  ({min(left_out):.3f}-{max(left_out):.3f})"
    )
    for name in extra:
        other = tuple(n for n in extra if n != name)
        base = sets.accuracy(sets.train((*AUTHOR_A, "real-b")), name)
        print(f"learned A+B       {name:10s} {base:.3f}")
        if other:
            more = sets.accuracy(sets.train((*AUTHOR_A, "real-b", *other)), name)
            print(f"learned A+B+{other[0][-1].upper()}     {name:10s} {more:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
