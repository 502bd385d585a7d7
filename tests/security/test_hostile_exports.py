"""Hostile text in every export: CSV and XLSX cells a spreadsheet would run are neutralised,
JSON parses and gives the words back exactly, the REFI-QDA XML is well-formed and holds
them as text."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

import pytest

from tests.security import payloads as p
from tests.security import world as w
from tests.staff.conftest import signed_in

NEUTRAL = "'"  # what voices.findings.exports.cells puts before a formula-like cell


@pytest.fixture
def world(session):
    return w.build(session)


@pytest.fixture
def staff(client, world):
    return signed_in(client, world.staff)


def _download(client, world: w.HostileWorld, name: str) -> bytes:
    response = client.get(f"{world.base}/{name}")
    assert response.status_code == 200, (name, response.status_code, response.text[:300])
    return response.content


def _as_spreadsheet_shows(text: str) -> str:
    return NEUTRAL + text if text.lstrip(" \n").startswith(p.FORMULA_STARTS) else text


def _children_words() -> list[str]:
    return list(w.ANSWERS.values())


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_answers_in_spreadsheets_are_neutralised_and_whole(client, staff, world, fmt):
    data = _download(client, world, f"export/answers.{fmt}")
    cells = p.csv_cells(data) if fmt == "csv" else p.xlsx_cells(data)
    p.assert_neutral(cells)
    for text in _children_words():
        assert _as_spreadsheet_shows(text) in cells, text[:40]


def test_answers_in_json_come_back_exactly(client, staff, world):
    strings = set(p.json_strings(_download(client, world, "export/answers.json")))
    for text in _children_words():
        assert text in strings, text[:40]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_findings_in_spreadsheets_are_neutralised(client, staff, world, fmt):
    data = _download(client, world, f"export/findings.{fmt}")
    cells = p.csv_cells(data) if fmt == "csv" else p.xlsx_cells(data)
    p.assert_neutral(cells)
    for text in [*w.QUOTES.values(), world.consultation.title]:
        assert _as_spreadsheet_shows(text) in cells, text[:40]


def test_findings_in_json_come_back_exactly(client, staff, world):
    strings = set(p.json_strings(_download(client, world, "export/findings.json")))
    for text in [*w.QUOTES.values(), world.consultation.title]:
        assert text in strings, text[:40]


def test_the_qdpx_project_is_well_formed_and_holds_the_words_as_text(client, staff, world):
    archive = zipfile.ZipFile(io.BytesIO(_download(client, world, "export.qdpx")))
    root = ElementTree.fromstring(archive.read("project.qde"))  # raises if not well-formed
    assert root.get("name") == world.consultation.title
    assert not [e for e in root.iter() if not e.tag.startswith("{urn:QDA-XML:project:1.0}")]
    assert w.NAME in {u.get("name") for u in root.iter("{urn:QDA-XML:project:1.0}User")}
    sources = {
        archive.read(name).decode() for name in archive.namelist() if name.startswith("Sources/")
    }
    for text in [*_children_words(), w.NOTE]:
        assert text in sources, text[:40]


def test_the_qdc_codebook_is_well_formed(client, staff, world):
    org = f"/staff/o/{world.organisation.slug}"
    response = client.get(f"{org}/frameworks/shanarri.qdc")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    assert root.tag.endswith("CodeBook")
