"""Findings charts: horizontal SVG bars of PROTECTED values, drawn on the server. Pure.

Each bar is a percentage (of respondents, or of those who answered); a hidden value draws no
bar and says why in words ("fewer than 5"), so a chart never shows more than the table
beside it. Labels wrap like the live screen's (voices.live.charts.label_lines); colours come
from classes in static/css/findings.css (the CSP forbids inline styles). The SVG is
role="img" with a <title> and a <desc> naming every bar, and `summary` gives the same in a
sentence for the text beside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from voices.findings.disclosure import Shown
from voices.i18n import gettext as _
from voices.live.charts import label_lines, svg

WIDTH = 640
LINE = 28
BAR = 26
GAP = 16
NUMBER_ROOM = 150  # room after the longest bar for "100% (1234)" or "fewer than 5"


@dataclass(frozen=True)
class Bar:
    label: str
    shown: Shown


def shown_text(shown: Shown, threshold: int) -> str:
    """A protected value in words: "12 (30%)", "fewer than 5", "hidden"."""
    if shown.value is None:
        if shown.reason == "small":
            return _("fewer than %(n)s") % {"n": shown.under or threshold}
        return _("hidden")
    if shown.percent is None:
        return str(shown.value)
    return f"{shown.value} ({shown.percent:.0f}%)"


def summary(title: str, bars: Sequence[Bar], threshold: int) -> str:
    """The chart in one sentence, for the text beside it."""
    parts = [f"{bar.label}: {shown_text(bar.shown, threshold)}" for bar in bars]
    return f"{title}. " + "; ".join(parts) + "." if parts else title


def _rows(bars: Sequence[Bar], threshold: int) -> tuple[list[str], int]:
    rows, y = [], 0
    for index, bar in enumerate(bars):
        for line in label_lines(bar.label):
            y += LINE
            rows.append(f'<text class="findings-chart__label" x="0" y="{y}">{escape(line)}</text>')
        y += 6
        percent = bar.shown.percent if bar.shown.value is not None else None
        length = round((WIDTH - NUMBER_ROOM) * (percent or 0) / 100)
        if percent is not None:
            rows.append(
                f'<rect class="findings-chart__bar findings-chart__bar--{index % 2}" x="0" '
                f'y="{y}" width="{max(length, 2)}" height="{BAR}"></rect>'
            )
        kind = "number" if percent is not None else "hidden"
        rows.append(
            f'<text class="findings-chart__{kind}" x="{max(length, 2) + 8}" y="{y + BAR - 6}">'
            f"{escape(shown_text(bar.shown, threshold))}</text>"
        )
        y += BAR + GAP
    return rows, y


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar], threshold: int) -> Markup:
    """One chart of protected shares; hidden bars are words, not shapes."""
    rows, height = _rows(bars, threshold)
    desc = summary(title, bars, threshold)
    return svg("findings-chart", chart_id, title, desc, height, rows, WIDTH)
