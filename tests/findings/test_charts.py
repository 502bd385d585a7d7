"""Findings charts: a hidden value draws no bar and says why in words; title and desc name
every bar; labels and numbers are escaped."""

from __future__ import annotations

from bs4 import BeautifulSoup

from voices.findings.charts import Bar, bar_chart, summary
from voices.findings.disclosure import Shown


def test_hidden_values_draw_no_bar():
    bars = [
        Bar("Foster <care>", Shown(12, 60.0)),
        Bar("Residential", Shown(None, None, "small", 5)),
        Bar("Kinship", Shown(None, None, "secondary")),
        Bar("Other", Shown(8, 40.0)),
    ]
    svg = BeautifulSoup(bar_chart("c1", "Where I live", bars, 5), "html.parser")
    assert len(svg.select("rect")) == 2
    assert [t.get_text() for t in svg.select(".findings-chart__hidden")] == [
        "fewer than 5",
        "hidden",
    ]
    assert svg.select_one("svg")["aria-labelledby"] == "c1-title c1-desc"
    desc = svg.select_one("desc").get_text()
    assert "Foster <care>: 12 (60%)" in desc and "Residential: fewer than 5" in desc
    widths = [int(r["width"]) for r in svg.select("rect")]
    assert widths[0] > widths[1]


def test_summary_in_words():
    text = summary("Feel safe", [Bar("Yes", Shown(9, 90.0)), Bar("No", Shown(1, 10.0))], 5)
    assert text == "Feel safe. Yes: 9 (90%); No: 1 (10%)."
