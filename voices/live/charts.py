"""Horizontal bar charts as SVG, drawn on the server. Pure: takes labels and numbers.

No inline styles (the CSP forbids them): colours come from classes in static/css/live.css.
The SVG is `role="img"` with a <title> and <desc> naming every bar and its number, and the
page also gives the same numbers as a table for screen readers.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH = 640
LABEL_SIZE = 22  # user units; the SVG scales to the width of the page
LINE = 28
BAR = 30
GAP = 18
NUMBER_ROOM = 70  # space after the longest bar for its number
WRAP = 44  # characters a label line holds before it wraps
MAX_LINES = 2


def label_lines(label: str) -> list[str]:
    """A label in at most two lines; a longer one ends with an ellipsis (the table has it whole)."""
    lines = textwrap.wrap(label, WRAP) or [""]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: WRAP - 1].rstrip() + "…"
    return lines


def bar_chart(chart_id: str, title: str, bars: Sequence[tuple[str, int]]) -> Markup:
    """One chart: each bar's label above it and its number beside it."""
    top = max((n for _, n in bars), default=0) or 1
    rows, y = [], 0
    for index, (label, count) in enumerate(bars):
        lines = label_lines(label)
        for line in lines:
            y += LINE
            rows.append(f'<text class="live-chart__label" x="0" y="{y}">{escape(line)}</text>')
        y += 8
        length = round((WIDTH - NUMBER_ROOM) * count / top)
        rows.append(
            f'<rect class="live-chart__bar live-chart__bar--{index % 2}" x="0" y="{y}" '
            f'width="{max(length, 2)}" height="{BAR}"></rect>'
        )
        rows.append(
            f'<text class="live-chart__number" x="{max(length, 2) + 10}" '
            f'y="{y + BAR - 7}">{count}</text>'
        )
        y += BAR + GAP
    desc = "; ".join(f"{label}: {count}" for label, count in bars)
    return svg("live-chart", chart_id, title, desc, y, rows)


def svg(
    css_class: str,
    chart_id: str,
    title: str,
    desc: str,
    height: int,
    rows: list[str],
    width: int = WIDTH,
) -> Markup:
    """An accessible SVG image around drawn rows: its title and description name it."""
    head = (
        f'<svg class="{css_class}" role="img" viewBox="0 0 {width} {max(height, 1)}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )
    drawn = head + "".join(rows) + "</svg>"
    return Markup(drawn)  # nosec B704  # every text in it was escaped above
