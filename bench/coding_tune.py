"""Theme suggestions on the development set: lexicon alone, and lexicon plus classifier.

    .venv/bin/python bench/coding_tune.py [--framework shanarri] [--folds 5] [--misses]

Uses tests/data/coding/dev.jsonl only (never the held-out set). The lexicon is scored on
the whole dev set and on each fold; the classifier is trained on the other folds and tested
on the fold it never saw (k-fold cross-validation), so its figure is an honest guess at
unseen answers. The lexicon itself was tuned on dev, so its figures flatter it a little.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from voices.coding.codebook import load_frameworks  # noqa: E402
from voices.coding.evaluation import theme_scores  # noqa: E402
from voices.coding.learning import ThemeClassifier  # noqa: E402
from voices.coding.matcher import ThemeMatcher  # noqa: E402
from voices.coding.pipeline import combine  # noqa: E402
from voices.paths import CODING_DATA  # noqa: E402

DEV = CODING_DATA / "dev.jsonl"


def load(framework_id: str) -> list[tuple[str, frozenset[str]]]:
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()]
    prefix = framework_id + ":"
    return [
        (r["text"], frozenset(t[len(prefix) :] for t in r["themes"] if t.startswith(prefix)))
        for r in rows
    ]


def macro(truth: list[frozenset[str]], guess: list[frozenset[str]], ids: list[str]) -> float:
    return theme_scores(truth, guess, ids)[2]


def run(framework_id: str, folds: int, misses: bool) -> dict[str, float]:
    framework = load_frameworks().frameworks[framework_id]
    ids = list(framework.theme_ids)
    matcher = ThemeMatcher(framework)
    rows = load(framework_id)
    truth = [themes for _, themes in rows]
    lexicon = [frozenset(s.theme for s in matcher.suggest(text)) for text, _ in rows]
    scores, micro, lex_macro = theme_scores(truth, lexicon, ids)
    print(f"\n{framework_id}: lexicon on all dev: macro-F1 {lex_macro:.3f}, micro-F1 {micro:.3f}")
    for s in scores:
        print(f"  {s.theme:12} P {s.precision:.2f} R {s.recall:.2f} F1 {s.f1:.2f} n {s.support}")
    if misses:
        for (text, want), got in zip(rows, lexicon, strict=True):
            if want != got:
                print(f"    want {sorted(want)} got {sorted(got)}: {text}")
    learned: list[frozenset[str]] = [frozenset()] * len(rows)
    for fold in range(folds):
        test = [i for i in range(len(rows)) if i % folds == fold]
        train = [(rows[i][0], rows[i][1]) for i in range(len(rows)) if i % folds != fold]
        classifier = ThemeClassifier(matcher, train)
        for i in test:
            coded = combine(matcher, classifier, rows[i][0])
            learned[i] = frozenset(s.theme for s in coded)
    cv_scores, cv_micro, cv_macro = theme_scores(truth, learned, ids)
    print(f"{framework_id}: lexicon + classifier, {folds}-fold CV: macro-F1 {cv_macro:.3f}")
    for s in cv_scores:
        print(f"  {s.theme:12} P {s.precision:.2f} R {s.recall:.2f} F1 {s.f1:.2f}")
    return {"lexicon": lex_macro, "classifier_cv": cv_macro}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--framework", action="append")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--misses", action="store_true", help="print the lexicon's mistakes")
    args = parser.parse_args()
    results = {
        f: run(f, args.folds, args.misses) for f in args.framework or ["shanarri", "promise"]
    }
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
