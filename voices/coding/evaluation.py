"""Honest numbers for the engine: agreement between its codes and people's labels.

Pure functions over labelled items; the `voices evaluate` command prints what they return.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SENTIMENT_LABELS = ("positive", "negative", "mixed", "neutral")
# Answers longer than this are "long": the engine must not collect themes by length.
LONG_ANSWER = 160


@dataclass(frozen=True)
class Labelled:
    """One line of a labelled file: what people said the text is about."""

    id: str
    text: str
    themes: frozenset[str]  # theme ids of one framework, without the "framework:" prefix
    sentiment: str | None = None
    safeguarding: bool | None = None
    # "alert", "check" or None (no concern); None too in older sets labelled without tiers,
    # where every concern counts as an alert.
    safeguarding_tier: str | None = None


@dataclass(frozen=True)
class Predicted:
    themes: frozenset[str]
    sentiment: str
    safeguarding: bool  # alert or check
    alert: bool | None = None  # None: the same as safeguarding


@dataclass(frozen=True)
class ThemeScore:
    theme: str
    precision: float
    recall: float
    f1: float
    support: int  # texts people labelled with the theme
    kappa: float  # Cohen's kappa between engine and people, for this theme alone


@dataclass(frozen=True)
class Counts:
    """Mean number of themes per answer, the engine's beside people's, over some answers."""

    answers: int
    engine: float
    labelled: float

    def as_json(self) -> dict:
        return {
            "answers": self.answers,
            "engine": round(self.engine, 3),
            "labelled": round(self.labelled, 3),
        }


def themes_per_answer(
    items: Sequence[Labelled], predictions: Sequence[Predicted], min_length: int = 0
) -> Counts:
    pairs = [(i, p) for i, p in zip(items, predictions, strict=True) if len(i.text) > min_length]
    if not pairs:
        return Counts(0, 0.0, 0.0)
    return Counts(
        len(pairs),
        sum(len(p.themes) for _, p in pairs) / len(pairs),
        sum(len(i.themes) for i, _ in pairs) / len(pairs),
    )


@dataclass(frozen=True)
class Report:
    themes: tuple[ThemeScore, ...]
    micro_f1: float
    macro_f1: float
    sentiment_accuracy: float | None
    sentiment_confusion: dict[str, dict[str, int]] = field(default_factory=dict)  # true -> pred
    safeguarding_recall: float | None = None
    safeguarding_precision: float | None = None
    safeguarding_counts: dict[str, int] = field(default_factory=dict)  # tp, fp, fn, tn
    texts: int = 0
    themes_per_answer: Counts = field(default_factory=lambda: Counts(0, 0.0, 0.0))
    long_themes_per_answer: Counts = field(default_factory=lambda: Counts(0, 0.0, 0.0))
    # The "alert" tier alone (what emails a lead): recall, precision, tp, fp, fn, tn.
    alert: dict[str, float | int] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "texts": self.texts,
            "themes": {
                t.theme: {
                    "precision": round(t.precision, 4),
                    "recall": round(t.recall, 4),
                    "f1": round(t.f1, 4),
                    "support": t.support,
                    "kappa": round(t.kappa, 4),
                }
                for t in self.themes
            },
            "micro_f1": round(self.micro_f1, 4),
            "macro_f1": round(self.macro_f1, 4),
            "themes_per_answer": self.themes_per_answer.as_json(),
            f"themes_per_answer_over_{LONG_ANSWER}": self.long_themes_per_answer.as_json(),
            "sentiment": {
                "accuracy": _round(self.sentiment_accuracy),
                "confusion": self.sentiment_confusion,
            },
            "safeguarding": {
                "recall": _round(self.safeguarding_recall),
                "precision": _round(self.safeguarding_precision),
                **self.safeguarding_counts,
                "alert": dict(self.alert),
            },
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _ratio(top: int, bottom: int) -> float:
    return top / bottom if bottom else 0.0


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def cohens_kappa(tp: int, fp: int, fn: int, tn: int) -> float:
    """Agreement beyond chance for one yes/no label; 1.0 when both always agree."""
    total = tp + fp + fn + tn
    if not total:
        return 0.0
    observed = (tp + tn) / total
    engine_yes, people_yes = (tp + fp) / total, (tp + fn) / total
    expected = engine_yes * people_yes + (1 - engine_yes) * (1 - people_yes)
    if expected == 1.0:
        return 1.0 if observed == 1.0 else 0.0
    return (observed - expected) / (1 - expected)


def theme_scores(
    truth: Sequence[frozenset[str]], predicted: Sequence[frozenset[str]], theme_ids: Iterable[str]
) -> tuple[tuple[ThemeScore, ...], float, float]:
    """Per-theme scores, then micro- and macro-averaged F1 over the framework's themes."""
    scores: list[ThemeScore] = []
    all_tp = all_fp = all_fn = 0
    for theme in theme_ids:
        tp = sum(theme in t and theme in p for t, p in zip(truth, predicted, strict=True))
        fp = sum(theme not in t and theme in p for t, p in zip(truth, predicted, strict=True))
        fn = sum(theme in t and theme not in p for t, p in zip(truth, predicted, strict=True))
        tn = len(truth) - tp - fp - fn
        precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        scores.append(
            ThemeScore(
                theme,
                precision,
                recall,
                f1(precision, recall),
                tp + fn,
                cohens_kappa(tp, fp, fn, tn),
            )
        )
        all_tp, all_fp, all_fn = all_tp + tp, all_fp + fp, all_fn + fn
    micro = f1(_ratio(all_tp, all_tp + all_fp), _ratio(all_tp, all_tp + all_fn))
    # Macro-F1 counts every theme equally, so a rare theme done badly shows.
    macro = sum(s.f1 for s in scores) / len(scores) if scores else 0.0
    return tuple(scores), micro, macro


def evaluate(
    items: Sequence[Labelled], predictions: Sequence[Predicted], theme_ids: Iterable[str]
) -> Report:
    themes, micro, macro = theme_scores(
        [i.themes for i in items], [p.themes for p in predictions], theme_ids
    )
    pairs = list(zip(items, predictions, strict=True))

    accuracy, confusion = sentiment_accuracy(items, [p.sentiment for p in predictions])

    flagged = [(i.safeguarding, p.safeguarding) for i, p in pairs if i.safeguarding is not None]
    counts = _counts(flagged)
    alerts = [
        (_alert_truth(i), p.safeguarding if p.alert is None else p.alert)
        for i, p in pairs
        if i.safeguarding is not None
    ]
    alert_counts = _counts(alerts)
    alert: dict[str, float | int] = {}
    if alerts:
        alert = {
            "recall": round(_ratio(alert_counts["tp"], alert_counts["tp"] + alert_counts["fn"]), 4),
            "precision": round(
                _ratio(alert_counts["tp"], alert_counts["tp"] + alert_counts["fp"]), 4
            ),
            **alert_counts,
        }
    return Report(
        themes=themes,
        micro_f1=micro,
        macro_f1=macro,
        sentiment_accuracy=accuracy,
        sentiment_confusion=confusion if accuracy is not None else {},
        safeguarding_recall=_ratio(counts["tp"], counts["tp"] + counts["fn"]) if flagged else None,
        safeguarding_precision=(
            _ratio(counts["tp"], counts["tp"] + counts["fp"]) if flagged else None
        ),
        safeguarding_counts=counts if flagged else {},
        texts=len(items),
        alert=alert,
        themes_per_answer=themes_per_answer(items, predictions),
        long_themes_per_answer=themes_per_answer(items, predictions, LONG_ANSWER),
    )


def sentiment_accuracy(
    items: Sequence[Labelled], labels: Sequence[str]
) -> tuple[float | None, dict[str, dict[str, int]]]:
    """Accuracy and confusion (people -> guess) of any sentiment labels for the items."""
    pairs = [(i.sentiment, g) for i, g in zip(items, labels, strict=True) if i.sentiment]
    confusion = {t: dict.fromkeys(SENTIMENT_LABELS, 0) for t in SENTIMENT_LABELS}
    for truth, guess in pairs:
        confusion[truth][guess] += 1
    return (sum(t == g for t, g in pairs) / len(pairs) if pairs else None), confusion


def confusion_summary(confusion: dict[str, dict[str, int]]) -> str:
    """The three commonest mistakes, e.g. "neutral read as negative 15"."""
    mistakes = sorted(
        ((n, truth, guess) for truth, row in confusion.items() for guess, n in row.items()),
        key=lambda m: (-m[0], m[1], m[2]),
    )
    worst = [f"{t} read as {g} {n}" for n, t, g in mistakes if n and t != g][:3]
    return "; ".join(worst) or "none"


def _counts(pairs: Sequence[tuple[bool, bool]]) -> dict[str, int]:
    """tp, fp, fn, tn of (truth, guess) pairs."""
    return {
        "tp": sum(t and g for t, g in pairs),
        "fp": sum(not t and g for t, g in pairs),
        "fn": sum(t and not g for t, g in pairs),
        "tn": sum(not t and not g for t, g in pairs),
    }


def _alert_truth(item: Labelled) -> bool:
    """Whether people said this answer should alert a lead (any concern, without tiers)."""
    if item.safeguarding_tier is not None or not item.safeguarding:
        return item.safeguarding_tier == "alert"
    return True  # a concern with no tier: an older set, where every concern is an alert


def format_report(report: Report, framework_id: str) -> str:
    """The report as a plain-text table for a terminal."""
    lines = [f"Framework {framework_id}: {report.texts} labelled texts", ""]
    lines.append(f"{'theme':<24}{'precision':>10}{'recall':>8}{'F1':>7}{'kappa':>7}{'support':>9}")
    for t in report.themes:
        lines.append(
            f"{t.theme:<24}{t.precision:>10.2f}{t.recall:>8.2f}{t.f1:>7.2f}{t.kappa:>7.2f}{t.support:>9}"
        )
    lines += ["", f"micro-F1 {report.micro_f1:.3f}   macro-F1 {report.macro_f1:.3f}"]
    for name, counts in (
        ("all answers", report.themes_per_answer),
        (f"answers over {LONG_ANSWER} characters", report.long_themes_per_answer),
    ):
        lines.append(
            f"Themes per answer, {name} ({counts.answers}): engine {counts.engine:.2f}, "
            f"people {counts.labelled:.2f}"
        )
    lines.append("")
    if report.sentiment_accuracy is not None:
        lines.append(
            f"Sentiment accuracy {report.sentiment_accuracy:.3f} (rows: people; columns: engine)"
        )
        lines.append(f"{'':<10}" + "".join(f"{label:>10}" for label in SENTIMENT_LABELS))
        for truth in SENTIMENT_LABELS:
            row = report.sentiment_confusion[truth]
            lines.append(f"{truth:<10}" + "".join(f"{row[g]:>10}" for g in SENTIMENT_LABELS))
        lines.append("")
    if report.safeguarding_recall is not None:
        c = report.safeguarding_counts
        lines.append(
            f"Safeguarding recall {report.safeguarding_recall:.3f}  precision "
            f"{report.safeguarding_precision:.3f}  (alert or check: flagged {c['tp']} of "
            f"{c['tp'] + c['fn']} that people flagged; {c['fp']} false alarms; {c['fn']} missed)"
        )
        a = report.alert
        lines.append(
            f"Safeguarding alert recall {a['recall']:.3f}  precision {a['precision']:.3f}  "
            f"(alerted {a['tp']} of {a['tp'] + a['fn']} that people would alert; "
            f"{a['fp']} false alerts)"
        )
    return "\n".join(lines)
