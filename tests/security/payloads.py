"""Hostile text, and checks that a page or an export carried it as text and nothing more.

Every field a child or a member of staff can type goes through these (docs/security.md,
"Hostile input"). The checks are plain functions over bytes, so HTTP and browser tests share them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from bs4 import BeautifulSoup, Tag

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
# Right-to-left override left open, and every isolate opened and left open.
BIDI = "\u202egnp.exe\u2066\u2067\u2068 flipped?"
LONG_WORD = "W" * 10_000
ARABIC = "أشعر بالأمان في بيتي مع عائلتي"
FORMULAS = (
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Attributes a browser follows or loads (a form field's value is only ever text).
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}

# Each payload on its own (a field holds one), and a short mix for fields of 100 characters.
MARKUP = (SCRIPT, IMG, JS_URL, BIDI, ARABIC)
ALL = (*MARKUP, *FORMULAS, LONG_WORD)
SHORT = f"{SCRIPT}{IMG} {BIDI}"  # 85 characters: fits a name or a reference
assert len(SHORT) <= 100


def mixed(label: str) -> str:
    """One free-text value holding every markup payload, led by a label to find it by."""
    return f"{label} {SCRIPT} {IMG} {JS_URL} {BIDI} {ARABIC}"


# --- HTML -------------------------------------------------------------------------------


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def assert_inert(html: str) -> BeautifulSoup:
    """No element or attribute in the page came from a payload: no inline script, no image
    from "x", no event handler, no javascript: link. Returns the parsed page."""
    page = parse(html)
    for script in page.find_all("script"):
        assert script.get("src", "").startswith("/static/"), f"script from a payload: {script}"
    assert not page.find_all("img", src="x"), "an <img> from a payload"
    for tag in page.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), f"event handler {name} on <{tag.name}>"
            if name.lower() in URL_ATTRIBUTES:
                assert not value.strip().lower().startswith("javascript:"), f"{name}={value!r}"
    return page


def shown(page: BeautifulSoup, text: str) -> bool:
    """The text is on the page as text (or as a form field's value), escaped on the way."""
    if any(text in s for s in page.find_all(string=True)):
        return True
    return any(text == tag.get("value") for tag in page.find_all(["input", "option"]))


def assert_shows(html: str, *texts: str) -> BeautifulSoup:
    page = assert_inert(html)
    for text in texts:
        assert shown(page, text), f"{text[:60]!r} is not on the page as text"
    return page


def assert_isolated(page: BeautifulSoup, text: str) -> None:
    """Every place the text is shown sits in an element that isolates its direction (dir on
    an element inside <body>, or <bdi>), so a child's right-to-left override or Arabic never
    reorders the words around it. Text in a form field is isolated by the field itself."""
    holders = [s for s in page.find_all(string=True) if text in s]
    assert holders, f"{text[:40]!r} is not on the page"
    for string in holders:
        assert any(_isolates(p) for p in string.parents), f"not isolated: {string.parent}"


def _isolates(tag: Tag) -> bool:
    if tag.name in ("html", "body", "[document]"):
        return False
    return tag.name in ("bdi", "textarea", "title", "option") or tag.has_attr("dir")


# --- CSV, XLSX, JSON, XML -----------------------------------------------------------------


def csv_cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def xlsx_cells(data: bytes) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    ]


def assert_neutral(cells: Iterable[str]) -> None:
    """No cell a spreadsheet would read as a formula."""
    for cell in cells:
        assert not cell.lstrip(" \n").startswith(FORMULA_STARTS), f"formula cell {cell[:40]!r}"


def json_strings(data: bytes) -> Iterator[str]:
    """Every string in a JSON document (it must parse)."""
    stack = [json.loads(data)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.values())
            stack.extend(item.keys())
        elif isinstance(item, list):
            stack.extend(item)
