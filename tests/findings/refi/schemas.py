"""The REFI-QDA 1.0 schemas (tests/data/refi/, see its README) as lxml validators."""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[2] / "data" / "refi"


@functools.cache
def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def assert_valid(data: bytes, name: str) -> etree._Element:
    """Parse data and assert it is valid against the named schema; returns the root."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(data, parser)
    schema = _schema(name)
    assert schema.validate(root), "\n".join(str(e) for e in schema.error_log)
    return root


def project_valid(data: bytes) -> etree._Element:
    return assert_valid(data, "Project-mrt2019.xsd")


def codebook_valid(data: bytes) -> etree._Element:
    return assert_valid(data, "Codebook.xsd")
