"""The findings tables export: what a findings page shows, as tables. Pure.

Takes the Findings that voices.findings.view.build_findings made (every number already
protected by its rule: the organisation's threshold for viewers, no suppression for staff
with answer access) and lays them out as sheets for CSV and XLSX, or one object for JSON.
A hidden number is written as "fewer than 5" (or "hidden") and its percentage left blank,
never as the number. The only words of children are approved, redacted quotes, as on the page.
"""

from __future__ import annotations

from typing import Any

from voices.findings import disclosure as dc
from voices.findings.closed import ClosedFinding
from voices.findings.exports.writers import Sheet
from voices.findings.queries import SENTIMENTS
from voices.findings.view import Findings, ThemeFinding

THEME_HEADER = (
    "framework",
    "theme",
    "label",
    "respondents",
    "respondents_percent",
    "reviewed",
    "reviewed_percent",
    "suggested",
    "suggested_percent",
    "group_notes",
    *(f"sentiment_{s}" for s in SENTIMENTS),
    "previous_round_percent",
    "this_round_percent",
    "change_points",
)
CLOSED_HEADER = (
    "framework",
    "theme",
    "question_id",
    "question",
    "question_type",
    "answered",
    "option",
    "option_label",
    "count",
    "percent",
    "mean",
)


def count_cell(shown: dc.Shown | None) -> object:
    """The number, or the words that stand in for a hidden one ("fewer than 5")."""
    if shown is None:
        return None
    return shown.value if shown.value is not None else shown.text()


def percent_cell(shown: dc.Shown | None) -> float | None:
    return shown.percent if shown is not None and shown.value is not None else None


def _summary_rows(found: Findings, suppressed: bool) -> list[list[object]]:
    filters = found.filters
    breakdown = "; ".join(f"{k}={v}" for k, v in sorted(filters.breakdown.items()))
    previous = found.previous
    return [
        ["consultation_id", found.consultation_id],
        ["title", found.title],
        ["framework", found.framework],
        ["via", found.via or ""],
        ["version", filters.version or ""],
        ["breakdown", breakdown],
        ["date_from", filters.date_from.isoformat() if filters.date_from else ""],
        ["date_to", filters.date_to.isoformat() if filters.date_to else ""],
        ["suppressed", "yes" if suppressed else "no"],
        ["threshold", found.rule.threshold if suppressed else ""],
        ["shown", "yes" if found.allowed else "no"],
        ["message", found.message],
        ["respondents", count_cell(found.respondents)],
        ["started", count_cell(found.started)],
        ["completion_percent", percent_cell(found.completion)],
        ["previous_round", previous.title if previous else ""],
        ["previous_respondents", count_cell(previous.respondents) if previous else None],
    ]


def _theme_row(theme: ThemeFinding) -> list[object]:
    change = theme.change
    return [
        theme.framework,
        theme.theme,
        theme.label,
        count_cell(theme.respondents),
        percent_cell(theme.respondents),
        count_cell(theme.reviewed),
        percent_cell(theme.reviewed),
        count_cell(theme.suggested),
        percent_cell(theme.suggested),
        theme.groups,
        *(count_cell(theme.sentiment.cells.get(s)) for s in SENTIMENTS),
        percent_cell(change.before) if change else None,
        percent_cell(change.after) if change else None,
        change.points if change else None,
    ]


def _closed_rows(theme: ThemeFinding, closed: ClosedFinding) -> list[list[object]]:
    head = [theme.framework, theme.theme, closed.question_id, closed.text, closed.kind]
    return [
        [
            *head,
            count_cell(closed.answered),
            key,
            label,
            count_cell(n),
            percent_cell(n),
            closed.mean,
        ]
        for key, label, n in closed.options
    ]


def sheets(found: Findings, suppressed: bool) -> list[Sheet]:
    """summary, themes, closed questions and quotes, in that order."""
    closed = [row for t in found.themes for c in t.closed for row in _closed_rows(t, c)]
    quotes = [[t.framework, t.theme, quote] for t in found.themes for quote in t.quotes]
    return [
        Sheet("summary", ["field", "value"], _summary_rows(found, suppressed)),
        Sheet("themes", list(THEME_HEADER), [_theme_row(t) for t in found.themes]),
        Sheet("closed questions", list(CLOSED_HEADER), closed),
        Sheet("quotes", ["framework", "theme", "quote"], quotes),
    ]


def shown_json(shown: dc.Shown | None) -> dict[str, Any] | None:
    if shown is None:
        return None
    return {"value": shown.value, "percent": shown.percent, "hidden": shown.reason or None}


def _theme_json(theme: ThemeFinding) -> dict[str, Any]:
    change = theme.change
    return {
        "framework": theme.framework,
        "theme": theme.theme,
        "label": theme.label,
        "respondents": shown_json(theme.respondents),
        "reviewed": shown_json(theme.reviewed),
        "suggested": shown_json(theme.suggested),
        "group_notes": theme.groups,
        "sentiment": {s: shown_json(theme.sentiment.cells.get(s)) for s in SENTIMENTS},
        "change": None
        if change is None
        else {
            "before": shown_json(change.before),
            "after": shown_json(change.after),
            "points": change.points,
        },
        "closed": [
            {
                "question_id": c.question_id,
                "question": c.text,
                "question_type": c.kind,
                "answered": shown_json(c.answered),
                "options": [
                    {"option": k, "label": label, **(shown_json(n) or {})}
                    for k, label, n in c.options
                ],
                "mean": c.mean,
            }
            for c in theme.closed
        ],
        "quotes": list(theme.quotes),
    }


def as_json(found: Findings, suppressed: bool) -> dict[str, Any]:
    summary = {str(k): v for k, v in _summary_rows(found, suppressed)}
    summary["suppressed"] = suppressed
    summary["shown"] = found.allowed
    summary["respondents"] = shown_json(found.respondents)
    summary["started"] = shown_json(found.started)
    summary["completion"] = shown_json(found.completion)
    summary.pop("completion_percent")
    summary["previous_respondents"] = (
        shown_json(found.previous.respondents) if found.previous else None
    )
    return {**summary, "themes": [_theme_json(t) for t in found.themes]}
