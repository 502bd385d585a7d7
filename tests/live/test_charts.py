"""SVG bar charts: accessible name and description, no inline style, escaped labels."""

from __future__ import annotations

from xml.etree import ElementTree

from voices.live.charts import bar_chart, label_lines

NS = {"svg": "http://www.w3.org/2000/svg"}


def test_chart_is_an_accessible_image_with_numbers():
    svg = str(bar_chart("chart-q1", "Do you feel safe?", [("Yes", 5), ("No", 2), ("Not sure", 0)]))
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-q1-title chart-q1-desc"
    assert root.find("svg:title", NS).text == "Do you feel safe?"
    assert root.find("svg:desc", NS).text == "Yes: 5; No: 2; Not sure: 0"
    numbers = [t.text for t in root.findall("svg:text", NS) if "number" in t.get("class")]
    assert numbers == ["5", "2", "0"]
    assert "style" not in svg


def test_bars_are_in_proportion_and_never_invisible():
    root = ElementTree.fromstring(str(bar_chart("c", "t", [("a", 4), ("b", 2), ("c", 0)])))
    widths = [int(r.get("width")) for r in root.findall("svg:rect", NS)]
    assert widths[0] == 2 * widths[1] and widths[2] == 2


def test_labels_are_escaped_and_wrapped():
    svg = str(bar_chart("c", "<b>", [("Tom & Jerry <script>", 1)]))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;b&gt;" in svg
    long = "word " * 40
    lines = label_lines(long)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert label_lines("short") == ["short"]


def test_empty_chart_is_still_valid():
    root = ElementTree.fromstring(str(bar_chart("c", "Nothing", [])))
    assert root.get("viewBox").endswith(" 1")
