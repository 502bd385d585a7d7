"""Frameworks as REFI-QDA codes: a `.qdc` codebook, and the code tree of a `.qdpx` project.

Each framework is a folder code (isCodable="false", its title as name, its source as
description) and each of its themes a codable code under it (label as name, description as
Description). Keywords, phrases, examples and cross-walks are Voices' own and have no place
in the standard, so they are not written (docs/decisions.md).
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from voices.coding.codebook import Framework
from voices.findings.refi.ids import code_guid
from voices.findings.refi.xmlout import XmlWriter

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
CODEBOOK_XSD = "http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ORIGIN = "Voices"


def write_codes(out: XmlWriter, frameworks: Iterable[Framework]) -> None:
    """<Codes> with one folder code per framework and one code per theme."""
    with out.element("Codes"):
        for framework in frameworks:
            folder = {"guid": code_guid(framework.id), "name": framework.title}
            with out.element("Code", {**folder, "isCodable": "false"}):
                out.text_element("Description", framework.source)
                for theme in framework.themes:
                    attrs = {"guid": code_guid(framework.id, theme.id), "name": theme.label}
                    with out.element("Code", {**attrs, "isCodable": "true"}):
                        out.text_element("Description", theme.description)


def codebook_bytes(frameworks: Iterable[Framework]) -> bytes:
    """A `.qdc` file (UTF-8 XML) of these frameworks (at least one: <Codes> cannot be empty)."""
    frameworks = list(frameworks)
    if not frameworks:
        raise ValueError("a codebook needs at least one framework")
    buffer = io.StringIO()
    out = XmlWriter(buffer)
    attrs = {
        "xmlns": CODEBOOK_NS,
        "xmlns:xsi": XSI,
        "xsi:schemaLocation": f"{CODEBOOK_NS} {CODEBOOK_XSD}",
        "origin": ORIGIN,
    }
    with out.element("CodeBook", attrs):
        write_codes(out, frameworks)
    out.end()
    return buffer.getvalue().encode("utf-8")


def qdc_filename(framework: Framework) -> str:
    return f"{framework.id}.qdc"
