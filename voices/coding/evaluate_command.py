"""`voices evaluate`: scores against people's labels, one file at a time and across sets.

Errors name the file and line number, never the text: children's words stay out of logs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from voices.coding.commands import coder_from_args, reviewed_examples
from voices.coding.evaluation import (
    LONG_ANSWER,
    Labelled,
    Predicted,
    Report,
    confusion_summary,
    evaluate,
    format_report,
    sentiment_accuracy,
)
from voices.coding.labelled import BadLine, read_labelled


def _predict(coder, items: list[Labelled]) -> list[Predicted]:
    predictions = []
    for item in items:
        coding = coder.code(item.text)
        predictions.append(
            Predicted(
                frozenset(coding.themes),
                coding.sentiment.label,
                coding.safeguarding.flag,
                coding.safeguarding.alert,
            )
        )
    return predictions


def run(args: argparse.Namespace) -> int:
    from voices.yamlsource import SourceError

    try:
        sets = {file: read_labelled(Path(file), args.framework) for file in args.files}
        examples = reviewed_examples(args)
        coder = coder_from_args(args)
        trained_coder = coder_from_args(args, examples) if examples is not None else None
        theme_ids = coder.framework.theme_ids
    except (BadLine, OSError, KeyError, SourceError) as exc:
        print(f"voices evaluate: {exc}", file=sys.stderr)
        return 2
    for file, items in sets.items():
        unknown = sorted({t for i in items for t in i.themes} - set(theme_ids))
        if unknown:
            print(f"voices evaluate: {file}: unknown theme id(s) {unknown}", file=sys.stderr)
            return 2
    results = {
        file: _evaluate_one(args, items, coder, trained_coder, theme_ids)
        for file, items in sets.items()
    }
    if args.json:
        if len(results) == 1:
            print(json.dumps(next(iter(results.values()))[0], indent=2))
        else:
            files = [{"file": file, **result[0]} for file, result in results.items()]
            print(json.dumps({"framework": args.framework, "files": files}, indent=2))
        return 0
    for file in sets:
        if len(sets) > 1:
            print(f"\n=== {file} ===\n")
        _print_one(args, *results[file], len(examples or []))
    if len(sets) > 1:
        print("\n" + cross_set_table({file: r[0] for file, r in results.items()}))
    return 0


def _evaluate_one(
    args, items: list[Labelled], coder, trained_coder, theme_ids
) -> tuple[dict[str, Any], Report, Report | None]:
    """Every figure for one labelled file, as JSON, and the reports to print."""
    report = evaluate(items, _predict(coder, items), theme_ids)
    result: dict[str, Any] = {"framework": args.framework, "lexicon": report.as_json()}
    trained = None
    if trained_coder is not None:
        trained = evaluate(items, _predict(trained_coder, items), theme_ids)
        result["trained"] = trained.as_json()
        result["gain_macro_f1"] = round(trained.macro_f1 - report.macro_f1, 4)
    if args.compare_vader:
        from voices.coding import vader

        accuracy, confusion = sentiment_accuracy(items, [vader.label(i.text) for i in items])
        result["vader"] = {"accuracy": None if accuracy is None else round(accuracy, 4)}
        result["vader"]["confusion"] = confusion
    result["safeguarding_by_sensitivity"] = _safeguarding_tradeoff(items)
    return result, report, trained


def _print_one(
    args: argparse.Namespace,
    result: dict[str, Any],
    report: Report,
    trained: Report | None,
    examples: int,
) -> None:
    print(format_report(report, args.framework))
    if "vader" in result:
        vader = result["vader"]
        if vader["accuracy"] is not None:
            print(
                f"VADER sentiment accuracy {vader['accuracy']:.3f} (engine "
                f"{report.sentiment_accuracy:.3f}); VADER's commonest mistakes: "
                f"{confusion_summary(vader['confusion'])}"
            )
    tradeoff = result["safeguarding_by_sensitivity"]
    if tradeoff:
        print("\nSafeguarding trade-off (the product flags at 'high'; misses are worse):")
        for level, figures in tradeoff.items():
            print(
                f"  {level:<9} recall {figures['recall']:.3f}  precision "
                f"{figures['precision']:.3f}  flagged {figures['flagged']}  missed {figures['missed']}"
            )
    if trained:
        print(f"\nAfter learning from {examples} reviewed examples in {', '.join(args.train)}:\n")
        print(format_report(trained, args.framework))
        print(
            f"\nGain from reviewed examples: macro-F1 {report.macro_f1:.3f} -> "
            f"{trained.macro_f1:.3f} ({trained.macro_f1 - report.macro_f1:+.3f})"
        )


def cross_set_table(results: dict[str, dict[str, Any]]) -> str:
    """One line per file: the figures to compare across sets written by different people."""
    lines = [
        "Across sets (as `voices code` codes; themes per answer engine/people, all and over "
        f"{LONG_ANSWER} characters):",
        f"{'file':<32}{'macro-F1':>9}{'sentiment':>10}{'VADER':>7}{'themes':>12}{'long':>12}",
    ]
    for file, result in results.items():
        lexicon = result["lexicon"]
        counts = lexicon["themes_per_answer"]
        long = lexicon[f"themes_per_answer_over_{LONG_ANSWER}"]
        accuracy = lexicon["sentiment"]["accuracy"]
        vader = result.get("vader", {}).get("accuracy")
        lines.append(
            f"{Path(file).name:<32}{lexicon['macro_f1']:>9.3f}"
            f"{'-' if accuracy is None else f'{accuracy:.3f}':>10}"
            f"{'-' if vader is None else f'{vader:.3f}':>7}"
            f"{counts['engine']:>6.2f}/{counts['labelled']:<5.2f}"
            f"{long['engine']:>6.2f}/{long['labelled']:<5.2f}"
        )
    return "\n".join(lines)


def _safeguarding_tradeoff(items: list[Labelled]) -> dict[str, dict[str, float | int]]:
    """Recall and precision of the safeguarding flag at each sensitivity level."""
    from voices.coding.safeguarding import SENSITIVITIES, screen

    labelled = [i for i in items if i.safeguarding is not None]
    if not labelled:
        return {}
    result: dict[str, dict[str, float | int]] = {}
    for level in SENSITIVITIES:
        flags = [(i.safeguarding, screen(i.text, sensitivity=level).flag) for i in labelled]
        tp = sum(t and f for t, f in flags)
        fp = sum(f and not t for t, f in flags)
        fn = sum(t and not f for t, f in flags)
        result[level] = {
            "recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
            "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
            "flagged": tp + fp,
            "missed": fn,
        }
    return result
