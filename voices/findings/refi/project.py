"""A `.qdpx` project (REFI-QDA Project Exchange 1.0) written from plain records.

The zip holds project.qde (the XML) and Sources/<guid>.txt, one UTF-8 plain-text file per
answer or group note (`plainTextPath="internal://<guid>.txt"`). Each reviewed item has one
PlainTextSelection over its whole text (position 0 to its length in characters), with one
Coding per agreed theme. Sources are written to the zip one by one and the XML goes to a
temporary file, so memory does not grow with the consultation.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO

from voices.coding.codebook import Framework
from voices.findings.refi.codebook import ORIGIN, XSI, write_codes
from voices.findings.refi.ids import code_guid, variable_guid, xml_datetime
from voices.findings.refi.xmlout import XmlWriter

PROJECT_NS = "urn:QDA-XML:project:1.0"
PROJECT_XSD = "http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"


@dataclass(frozen=True)
class User:
    guid: str
    name: str


@dataclass(frozen=True)
class Coded:
    """An item's agreed codes: who agreed them, when, and the themes by framework."""

    selection_guid: str
    themes: Mapping[str, Sequence[str]]
    user_guid: str
    at: datetime | None


@dataclass(frozen=True)
class TextItem:
    guid: str
    name: str  # pseudonymous: a respondent id and a question id, or "Group note n"
    description: str  # the question's words, or the group's size and ages
    text: str
    created_at: datetime | None
    coded: Coded | None = None


@dataclass(frozen=True)
class Case:
    """A respondent: their answers, and text variables (survey version, language)."""

    guid: str
    name: str
    source_guids: tuple[str, ...]
    values: Mapping[str, str] = field(default_factory=dict)  # variable name -> text


@dataclass
class Project:
    name: str
    description: str
    created_at: datetime
    creator: User
    frameworks: Sequence[Framework]
    users: Sequence[User] = ()
    cases: Sequence[Case] = ()
    items: Iterable[TextItem] = field(default_factory=list)


def _source_path(item: TextItem) -> str:
    return f"{item.guid}.txt"


def _code_refs(out: XmlWriter, coded: Coded, guid_of: Mapping[str, str]) -> None:
    for framework_id, theme_ids in coded.themes.items():
        for theme_id in theme_ids:
            code = guid_of.get(f"{framework_id}:{theme_id}")
            if code is None:  # a theme no longer in its framework: nothing to point at
                continue
            coding = {"guid": str(uuid.uuid5(uuid.UUID(coded.selection_guid), code))}
            with out.element("Coding", {**coding, "creatingUser": coded.user_guid}):
                out.leaf("CodeRef", {"targetGUID": code})


def _write_source(out: XmlWriter, item: TextItem, guid_of: Mapping[str, str]) -> None:
    attrs = {
        "guid": item.guid,
        "name": item.name,
        "plainTextPath": f"internal://{_source_path(item)}",
        "creationDateTime": xml_datetime(item.created_at),
    }
    with out.element("TextSource", attrs):
        if item.description:
            out.text_element("Description", item.description)
        if item.coded is not None and item.text:
            coded = item.coded
            selection = {
                "guid": coded.selection_guid,
                "name": item.name,
                "startPosition": 0,
                "endPosition": len(item.text),
                "creatingUser": coded.user_guid,
                "creationDateTime": xml_datetime(coded.at),
            }
            with out.element("PlainTextSelection", selection):
                _code_refs(out, coded, guid_of)


def _write_head(out: XmlWriter, project: Project) -> None:
    users = [project.creator, *project.users]
    with out.element("Users"):
        for user in users:
            out.leaf("User", {"guid": user.guid, "name": user.name})
    if project.frameworks:  # <Codes> must hold at least one code
        with out.element("CodeBook"):
            write_codes(out, project.frameworks)
    cases = [c for c in project.cases if c.source_guids]
    variables = sorted({name for case in cases for name in case.values})
    if variables:
        with out.element("Variables"):
            for name in variables:
                attrs = {"guid": variable_guid(name), "name": name, "typeOfVariable": "Text"}
                out.leaf("Variable", attrs)
    if cases:
        with out.element("Cases"):
            for case in cases:
                _write_case(out, case)


def _write_case(out: XmlWriter, case: Case) -> None:
    with out.element("Case", {"guid": case.guid, "name": case.name}):
        for name, value in sorted(case.values.items()):
            with out.element("VariableValue"):
                out.leaf("VariableRef", {"targetGUID": variable_guid(name)})
                out.text_element("TextValue", value)
        for guid in case.source_guids:
            out.leaf("SourceRef", {"targetGUID": guid})


def write_qdpx(target: IO[bytes], project: Project) -> int:
    """Write the project as a .qdpx zip to target; returns how many sources it holds."""
    guid_of = {
        f"{fw.id}:{t.id}": code_guid(fw.id, t.id) for fw in project.frameworks for t in fw.themes
    }
    count = 0
    with (
        tempfile.TemporaryFile("w+", encoding="utf-8") as qde,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        out = XmlWriter(qde)
        root = {
            "xmlns": PROJECT_NS,
            "xmlns:xsi": XSI,
            "xsi:schemaLocation": f"{PROJECT_NS} {PROJECT_XSD}",
            "name": project.name,
            "origin": ORIGIN,
            "creatingUserGUID": project.creator.guid,
            "creationDateTime": xml_datetime(project.created_at),
        }
        with out.element("Project", root):
            _write_head(out, project)
            items = iter(project.items)
            first = next(items, None)
            if first is not None:  # the schema wants at least one source in <Sources>
                with out.element("Sources"):
                    for item in itertools.chain([first], items):
                        archive.writestr(f"Sources/{_source_path(item)}", item.text.encode())
                        _write_source(out, item, guid_of)
                        count += 1
            out.text_element("Description", project.description)
        out.end()
        qde.flush()
        qde.seek(0)
        with archive.open("project.qde", "w") as entry:
            shutil.copyfileobj(_Encoded(qde), entry)
    return count


class _Encoded:
    """Read a text file as UTF-8 bytes, a piece at a time."""

    def __init__(self, text: IO[str]) -> None:
        self._text = text

    def read(self, size: int = -1) -> bytes:
        return self._text.read(size).encode("utf-8")
