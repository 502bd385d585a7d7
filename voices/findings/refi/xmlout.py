"""A streaming XML writer: elements go to the file as they are written (stdlib only)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import IO
from xml.sax.saxutils import XMLGenerator  # nosec B406  # writes XML, never parses any

from voices.findings.refi.ids import xml_text


class XmlWriter:
    def __init__(self, stream: IO[str]) -> None:
        self._out = XMLGenerator(stream, encoding="utf-8", short_empty_elements=True)
        self._out.startDocument()

    @staticmethod
    def _attrs(attrs: Mapping[str, str | int | None]) -> dict[str, str]:
        return {k: xml_text(str(v)) for k, v in attrs.items() if v is not None and v != ""}

    @contextmanager
    def element(self, name: str, attrs: Mapping[str, str | int | None] | None = None) -> Iterator:
        self._out.startElement(name, self._attrs(attrs or {}))
        yield
        self._out.endElement(name)

    def leaf(self, name: str, attrs: Mapping[str, str | int | None] | None = None) -> None:
        with self.element(name, attrs):
            pass

    def text_element(self, name: str, text: str) -> None:
        with self.element(name):
            self._out.characters(xml_text(text))

    def end(self) -> None:
        self._out.endDocument()
