"""Writers: CSV and JSON as streams of bytes, XLSX into a temporary file that is then streamed.

Each takes rows as an iterator and holds at most one chunk of them, so an export's memory
does not grow with the consultation. CSV and XLSX cells are neutralised (cells.neutralise);
JSON is data and is only encoded.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from voices.findings.exports.cells import neutralise

# Excel reads a CSV file as UTF-8 (Arabic, Welsh accents...) only when it starts with a BOM.
UTF8_BOM = "\ufeff"
ROWS_PER_CHUNK = 500
FILE_CHUNK = 64 * 1024
XLSX_SHEET_TITLE_MAX = 31


@dataclass(frozen=True)
class Sheet:
    """One table: a title (XLSX sheet name, JSON key), its header and its rows of cells."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[object]]


def csv_stream(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[bytes]:
    """A CSV file (UTF-8 with BOM, CRLF lines, every text cell neutralised) in chunks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(UTF8_BOM)
    writer.writerow([neutralise(cell) for cell in header])
    for n, row in enumerate(rows, start=1):
        writer.writerow([_csv_cell(cell) for cell in row])
        if n % ROWS_PER_CHUNK == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def csv_sheets_stream(sheets: Iterable[Sheet]) -> Iterator[bytes]:
    """Several tables in one CSV file: each under a row holding its title, a blank row between."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(UTF8_BOM)
    for index, sheet in enumerate(sheets):
        if index:
            writer.writerow([])
        writer.writerow([neutralise(sheet.title)])
        writer.writerow([neutralise(cell) for cell in sheet.header])
        for row in sheet.rows:
            writer.writerow([_csv_cell(cell) for cell in row])
        yield _drain(buffer)


def _csv_cell(cell: object) -> object:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    return neutralise(cell)


def _drain(buffer: io.StringIO) -> bytes:
    data = buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    return data


def json_stream(head: dict[str, Any], key: str, items: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """{**head, key: [item, ...]} as UTF-8 JSON, written an item at a time."""
    opening = json.dumps(head, ensure_ascii=False)[:-1]
    yield (opening + (", " if head else "") + json.dumps(key) + ": [\n").encode("utf-8")
    parts: list[str] = []
    for n, item in enumerate(items):
        parts.append(("" if n == 0 else ",\n") + json.dumps(item, ensure_ascii=False))
        if len(parts) >= ROWS_PER_CHUNK:
            yield "".join(parts).encode("utf-8")
            parts = []
    parts.append("\n]}\n")
    yield "".join(parts).encode("utf-8")


def xlsx_file(sheets: Iterable[Sheet]) -> Path:
    """An XLSX workbook written row by row (openpyxl's write-only mode keeps each sheet in
    a temporary file, not in memory) into a temporary file; the caller deletes it
    (file_chunks does, once streamed)."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(_sheet_title(sheet.title))
        worksheet.append([_xlsx_cell(cell) for cell in sheet.header])
        for row in sheet.rows:
            worksheet.append([_xlsx_cell(cell) for cell in row])
    handle, name = tempfile.mkstemp(prefix="voices-export-", suffix=".xlsx")
    os.close(handle)
    try:
        workbook.save(name)
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


def _xlsx_cell(cell: object) -> object:
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, str):
        # Control characters are not allowed in XLSX; neutralise so "=..." is never a formula.
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", cell))
    return cell


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip("' ")
    return (cleaned or "Sheet")[:XLSX_SHEET_TITLE_MAX]


def file_chunks(path: Path) -> Iterator[bytes]:
    """A file's bytes in chunks; the file is deleted when the stream ends or is abandoned."""
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(FILE_CHUNK):
                yield chunk
    finally:
        path.unlink(missing_ok=True)
