"""Theme figures on authors the theme layer has not seen, per theme, in minutes.

    .venv/bin/python bench/theme_folds.py --fold real-af,real-ag             # totals
    .venv/bin/python bench/theme_folds.py --fold real-af --show real-af      # and real-af's errors
    .venv/bin/python bench/theme_folds.py --fold real-b,real-c --fold real-e --also probe-q

Like bench/cross_author.py, but only the theme layer is retrained (in memory, on the shipped
training files minus the fold's own, with the shipped L2, passes, blend and veto), so a
change to a framework's keywords, the matcher or the layer's features is judged on held-out
authors without the other two layers: themes read only the screen's patterns (an alert
suggests `safe`), which the other layers do not change. Prints each held-out set's
macro-F1 and per-theme precision / recall / F1 for both frameworks; with --show NAME also
each answer of that set whose themes were wrong, with the lexicon's scores and the layer's
probabilities, so it is for sets the reader may read. Measuring-only sets are refused.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import folds  # noqa: E402
from bench.cross_author import shipped_training  # noqa: E402
from voices import paths  # noqa: E402
from voices.coding import theme_model  # noqa: E402
from voices.coding.codebook import load_frameworks  # noqa: E402
from voices.coding.evaluation import Labelled, theme_scores  # noqa: E402
from voices.coding.labelled import read_labelled  # noqa: E402
from voices.coding.learning import ThemeClassifier  # noqa: E402
from voices.coding.matcher import ThemeMatcher  # noqa: E402
from voices.coding.multilingual import screen_in  # noqa: E402
from voices.coding.pipeline import combine, with_safeguarding  # noqa: E402
from voices.coding.text import tokenize  # noqa: E402

FRAMEWORKS = ("shanarri", "promise")


def layer(framework_id: str, held: list[Path]) -> tuple[ThemeMatcher, ThemeClassifier]:
    """The framework's matcher and its theme layer trained without the held-out files."""
    framework = load_frameworks(paths.FRAMEWORKS).frameworks[framework_id]
    matcher = ThemeMatcher(framework)
    examples = [
        (item.text, sorted(item.themes))
        for path in shipped_training()
        if path.resolve() not in held
        for item in read_labelled(path, framework_id)
    ]
    data = theme_model.train(matcher, examples)
    classifier = theme_model.from_json(matcher, data)
    assert classifier is not None
    return matcher, classifier


def code(matcher: ThemeMatcher, classifier: ThemeClassifier, item: Labelled) -> frozenset[str]:
    found = combine(matcher, classifier, item.text, tokenize(item.text))
    return frozenset(
        s.theme for s in with_safeguarding(matcher.framework, found, screen_in(item.text, None))
    )


def explain(
    matcher: ThemeMatcher, classifier: ThemeClassifier, item: Labelled, got: frozenset[str]
) -> str:
    tokens = tokenize(item.text)
    lexicon = {s.theme: s.score for s in matcher.all_scores(item.text, tokens)}
    probs = classifier.probabilities(tokens, matcher.all_scores(item.text, tokens))
    wrong = sorted(item.themes ^ got)
    parts = [
        f"{'MISS' if t in item.themes else 'FP'} {t} lex {lexicon.get(t, 0):.2f} p {probs[t]:.2f}"
        for t in wrong
    ]
    return f"  {item.id} [{'; '.join(parts)}] gold={sorted(item.themes)}\n      {item.text}"


def run_fold(held: list[Path], also: list[Path], show: list[str]) -> dict[str, dict]:
    """{file name: {framework: (macro-F1, per-theme rows, error lines)}}."""
    results: dict[str, dict] = {}
    for framework_id in FRAMEWORKS:
        matcher, classifier = layer(framework_id, held)
        for path in held + also:
            items = read_labelled(path, framework_id)
            got = [code(matcher, classifier, item) for item in items]
            truth = [i.themes for i in items]
            scores, _, macro = theme_scores(truth, got, matcher.framework.theme_ids)
            rows = [(s.theme, s.precision, s.recall, s.f1, s.support) for s in scores]
            errors = []
            if path.stem in show:
                errors = [
                    explain(matcher, classifier, i, g)
                    for i, g in zip(items, got, strict=True)
                    if g != i.themes
                ]
            if not any(i.themes for i in items):
                macro = None
            results.setdefault(path.name, {})[framework_id] = (macro, rows, errors)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    folds.add_arguments(parser)
    parser.add_argument("--show", default="", help="comma-separated sets whose errors to print")
    parser.add_argument("--themes", action="store_true", help="per-theme rows of held-out sets")
    args = parser.parse_args()
    held_out, also = folds.chosen(args)
    show = [n for n in args.show.split(",") if n]
    with ProcessPoolExecutor(max_workers=2) as pool:
        outcomes = list(
            pool.map(run_fold, held_out, [also] * len(held_out), [show] * len(held_out))
        )
    held_macros: dict[str, list[float]] = {f: [] for f in FRAMEWORKS}
    for held, outcome in zip(held_out, outcomes, strict=True):
        for path in held:
            result = outcome[path.name]
            cells = [result[f][0] for f in FRAMEWORKS]
            for f, v in zip(FRAMEWORKS, cells, strict=True):
                held_macros[f].append(v)
            print(f"{path.stem:<12} SHANARRI {cells[0]:.3f}  Promise {cells[1]:.3f}")
            if args.themes or path.stem in show:
                for f in FRAMEWORKS:
                    for theme, p, r, f1, n in result[f][1]:
                        print(f"    {f}:{theme:<14} P {p:.2f} R {r:.2f} F1 {f1:.2f} n {n}")
            for f in FRAMEWORKS:
                for line in result[f][2]:
                    print(f"  [{f}]{line}")
    means = [statistics.fmean(held_macros[f]) for f in FRAMEWORKS]
    print(f"{'mean held':<12} SHANARRI {means[0]:.4f}  Promise {means[1]:.4f}")
    for path in also:
        medians = [statistics.median(o[path.name][f][0] for o in outcomes) for f in FRAMEWORKS]
        print(f"{path.stem:<12} SHANARRI {medians[0]:.3f}  Promise {medians[1]:.3f} (median)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
