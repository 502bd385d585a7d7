"""Protected findings turned into what the templates print: words, charts, form choices."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from voices.coding.codebook import Framework
from voices.definitions.model import Survey
from voices.findings import charts
from voices.findings.closed import ClosedFinding, breakdown_questions, key_label
from voices.findings.disclosure import Shown
from voices.findings.view import Findings
from voices.i18n import gettext as _
from voices.i18n import pick
from voices.live.results import option_keys


@dataclass(frozen=True)
class Show:
    """Protected values in words, for one threshold."""

    threshold: int

    def text(self, shown: Shown | None) -> str:
        if shown is None:
            return "–"
        return charts.shown_text(shown, self.threshold)

    def count(self, shown: Shown | None) -> str:
        """The count alone (tables have a column for the percentage)."""
        if shown is None:
            return "–"
        if shown.value is None:
            return charts.shown_text(shown, self.threshold)
        return str(shown.value)

    def percent(self, shown: Shown | None) -> str:
        if shown is None or shown.value is None or shown.percent is None:
            return "–"
        return f"{shown.percent:.0f}%"

    def points(self, value: float | None) -> str:
        if value is None:
            return _("not shown")
        return f"{value:+.0f}"


@dataclass(frozen=True)
class FormOptions:
    frameworks: list[tuple[str, str]]
    versions: list[tuple[str, str]]
    breakdowns: list[tuple[str, str, list[tuple[str, str]]]]  # (field, question, options)


def form_options(consultation, survey: Survey | None, found: dict[str, Framework]) -> FormOptions:
    labels = {v.id: pick(v.label) for v in survey.versions} if survey else {}
    versions = consultation.versions or list(labels)
    breakdowns = [
        (
            f"by-{q.id}",
            pick(q.text),
            [(key, key_label(q, key)) for key in option_keys(q)],
        )
        for q in breakdown_questions(survey)
    ]
    return FormOptions(
        [(f.id, f.title) for f in found.values()],
        [(v, labels.get(v, v)) for v in versions],
        breakdowns,
    )


def overview_chart(found: Findings) -> Markup | None:
    if not found.allowed or not found.themes:
        return None
    title = _("Respondents who spoke to each theme")
    bars = [charts.Bar(t.label, t.respondents) for t in found.themes]
    return charts.bar_chart("chart-themes", title, bars, found.rule.threshold)


def question_chart(question: ClosedFinding, threshold: int, index: str) -> Markup:
    bars = [charts.Bar(label, shown) for _key, label, shown in question.options]
    return charts.bar_chart(f"chart-{index}-{question.question_id}", question.text, bars, threshold)


def question_summary(question: ClosedFinding, threshold: int) -> str:
    """The chart in words, shown beside it."""
    bars = [charts.Bar(label, shown) for _key, label, shown in question.options]
    return charts.summary(question.text, bars, threshold)


def overview_summary(found: Findings) -> str:
    bars = [charts.Bar(t.label, t.respondents) for t in found.themes]
    return charts.summary(_("Respondents who spoke to each theme"), bars, found.rule.threshold)


def round_rows(rounds: list[Findings]) -> list[tuple[str, str, list[Shown]]]:
    """(theme id, label, the theme's share in each round) for the rounds table."""
    if not rounds:
        return []
    first = next((r for r in rounds if r.themes), rounds[-1])
    rows = []
    for theme in first.themes:
        cells = []
        for found in rounds:
            match = next((t.respondents for t in found.themes if t.theme == theme.theme), None)
            cells.append(match or Shown(None, None, "small"))
        rows.append((theme.theme, theme.label, cells))
    return rows


def sentiment_words() -> dict[str, str]:
    return {
        "positive": _("Positive"),
        "mixed": _("Mixed"),
        "neutral": _("Neutral"),
        "negative": _("Negative"),
    }
