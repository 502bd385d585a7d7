"""Load YAML into plain Python while remembering the line each value came from.

Survey and framework errors must name file, line and field, so the loader keeps a
map from each value's path (a tuple of keys and list indexes) to its 1-based line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PathKey = tuple[str | int, ...]


class SourceError(Exception):
    """A problem in a data file, located by file, line and field."""

    def __init__(self, file: str, line: int | None, field: str, message: str) -> None:
        self.file, self.line, self.field, self.message = file, line, field, message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass
class Source:
    """A parsed YAML document plus the line of every value in it."""

    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line(self, path: PathKey) -> int | None:
        # Fall back to the nearest enclosing value that has a line.
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())

    def error(self, path: PathKey, message: str) -> SourceError:
        return SourceError(self.file, self.line(path), dotted(path), message)


def dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load(path: Path, display_name: str | None = None) -> Source:
    name = display_name or _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(name, None, "", f"cannot read file ({exc})") from exc
    return parse(text, name)


def _display(path: Path) -> str:
    """A path relative to the working folder when it is inside it: shorter error messages."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def parse(text: str, name: str) -> Source:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise SourceError(
            name, line, "", f"not valid YAML ({getattr(exc, 'problem', exc)})"
        ) from exc
    source = Source(name, None)
    if node is not None:
        source.data = _convert(node, (), source)
    return source


def _convert(node: yaml.Node, path: PathKey, source: Source) -> Any:
    source.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = yaml.SafeLoader(" ").construct_object(key_node)
            if key in result:
                raise SourceError(
                    source.file, key_node.start_mark.line + 1, dotted((*path, key)), "duplicate key"
                )
            result[key] = _convert(value_node, (*path, key), source)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), source) for i, item in enumerate(node.value)]
    return yaml.SafeLoader(" ").construct_object(node)
